import { CLASSIFICATIONS, type Classification } from '../core/checks/types';
import type { CallRecord } from './call';
import type { GatewayContext } from './context';
import { effectiveClassification, refusalReason, stricter } from './policy/classification';
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
export async function openGate(
  ctx: GatewayContext,
  call: CallRecord,
  input: { caller: Caller; declared?: Classification; messages: ChatMessage[]; promptTokens: number; requestedMaxTokens?: number },
): Promise<Gate> {
  const { caller } = input;
  const policy = ctx.packs.departments.get(caller.department)?.policy;
  // A department whose pack is missing or failed to load has no policy: refuse rather than allow everything.
  if (!policy) {
    call.classification = 'refused: no department policy';
    throw new HttpError(503, 'department_unavailable', `department ${caller.department} has no loaded template pack, so its model policy is unknown; ask the administrator to fix the pack`);
  }
  const { texts, unscannable } = scannableTexts(input.messages);
  let classification = effectiveClassification(input.declared, texts);
  // Images, audio and files cannot be read for a marking: without a declaration they are treated as RESTRICTED.
  if (unscannable && !input.declared) classification = stricter(classification, 'RESTRICTED');
  const allowed = (p: Provider) => {
    if (rank(classification) > rank(p.maxClassification)) return false;
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
  // Awaited: a shared store (Redis) answers asynchronously, and throws 503 when it cannot be reached.
  const reserved = await ctx.store.quotas.reserve({
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

/**
 * Every text a request carries, for the marking scan: message contents, text parts, tool-call arguments and
 * tool results (role "tool" messages are ordinary contents). Parts that are not text (image_url, input_audio,
 * file) cannot be scanned: `unscannable` says that one was present.
 */
export function scannableTexts(messages: readonly ChatMessage[]): { texts: string[]; unscannable: boolean } {
  const texts: string[] = [];
  let unscannable = false;
  for (const m of messages) {
    if (typeof m.content === 'string') texts.push(m.content);
    else if (Array.isArray(m.content)) {
      for (const part of m.content) {
        if (typeof part.text === 'string') texts.push(part.text);
        else unscannable = true;
      }
    }
    const calls = m.tool_calls;
    if (Array.isArray(calls)) {
      for (const c of calls as Array<{ function?: { arguments?: unknown } }>) {
        texts.push(...argumentTexts(c?.function?.arguments));
      }
    }
    texts.push(...argumentTexts((m as { function_call?: { arguments?: unknown } }).function_call?.arguments));
  }
  return { texts, unscannable };
}

/** The raw arguments and, when they are JSON, every string inside them (so a marking on its own line is seen). */
function argumentTexts(args: unknown): string[] {
  if (args === undefined || args === null) return [];
  const out: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  if (typeof args === 'string') {
    out.push(args);
    try {
      collect(JSON.parse(args));
    } catch {
      // not JSON: the raw text was scanned
    }
  } else collect(args);
  return out;
}
