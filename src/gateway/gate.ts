import { CLASSIFICATIONS, type Classification } from '../core/checks/types';
import type { CallRecord } from './call';
import type { GatewayContext } from './context';
import { effectiveClassification, refusalReason } from './policy/classification';
import { createRestorer, redactMessages } from './policy/redaction';
import type { ChatMessage, Provider } from './providers/types';
import { HttpError, type Caller, type Reservation } from './types';

export const rank = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

export interface Gate {
  classification: Classification;
  allowed(p: Provider): boolean;
  maxTokens: number;
  reservation: Reservation;
  /** The messages to send to a provider: redacted for external ones. */
  messagesFor(p: Provider): ChatMessage[];
  /** Restores placeholders in what an external provider wrote; identity for internal ones. */
  restorerFor(p: Provider): { push(chunk: string): string; flush(): string };
}

/**
 * The policy gate every model call passes: which providers may see this text (classification and the
 * department's policy), the tier's cap on max_tokens, the quota reservation, and redaction for external
 * providers. Throws HttpError 403 or 429 with a reason; the call record says what was decided.
 */
export function openGate(
  ctx: GatewayContext,
  call: CallRecord,
  input: { caller: Caller; declared?: Classification; messages: ChatMessage[]; promptTokens: number; requestedMaxTokens?: number },
): Gate {
  const { caller } = input;
  const texts = input.messages.map((m) => (typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => p.text ?? '').join('\n') : ''));
  const classification = effectiveClassification(input.declared, texts);
  const policy = ctx.packs.departments.get(caller.department)?.policy;
  const allowed = (p: Provider) => {
    if (rank(classification) > rank(p.maxClassification)) return false;
    if (!policy) return true;
    const entry = policy.providers.find((x) => x.id === p.id);
    return !!entry && rank(classification) <= rank(entry.maxClassification);
  };
  const cleared = [...ctx.providers.values()].filter(allowed).map((p) => p.id);
  if (!cleared.length) {
    call.classification = `refused ${classification}`;
    ctx.metrics.policyRefusals.inc({ classification });
    throw new HttpError(403, 'classification_refused', refusalReason(classification, caller.department));
  }
  call.classification = `${classification} -> ${cleared.join(',')}`;

  const tier = ctx.config.quotas[caller.tier];
  const maxTokens = Math.min(input.requestedMaxTokens ?? tier.maxTokens, tier.maxTokens);
  const reserved = ctx.store.quotas.reserve({
    userId: caller.userId,
    department: caller.department,
    tokens: input.promptTokens + maxTokens,
    user: tier.user,
    departmentLimits: tier.department,
    now: new Date(),
  });
  if (!reserved.ok) {
    ctx.metrics.quotaRefusals.inc({ department: caller.department });
    throw new HttpError(429, 'quota_exceeded', reserved.reason, { 'retry-after': String(Math.max(1, Math.ceil(reserved.retryAfterSeconds))) });
  }

  const external = (p: Provider) => p.external || !!policy?.providers.find((x) => x.id === p.id)?.external;
  let redacted: ReturnType<typeof redactMessages> | undefined;
  const redact = () => (redacted ??= redactMessages(input.messages));
  return {
    classification,
    allowed,
    maxTokens,
    reservation: reserved.reservation,
    messagesFor(p) {
      if (!external(p)) return input.messages;
      const r = redact();
      call.redactions = r.count;
      return r.messages;
    },
    restorerFor(p) {
      if (!external(p)) return { push: (s: string) => s, flush: () => '' };
      return createRestorer(redact().map);
    },
  };
}
