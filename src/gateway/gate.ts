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

type DepartmentPolicy = NonNullable<ReturnType<GatewayContext['packs']['departments']['get']>>['policy'];

/** The department's model policy; 503 when its pack is missing or failed to load (never "allow everything"). */
function policyOf(ctx: GatewayContext, call: CallRecord, department: string): DepartmentPolicy {
  const policy = ctx.packs.departments.get(department)?.policy;
  if (!policy) {
    call.classification = 'refused: no department policy';
    throw new HttpError(503, 'department_unavailable', `department ${department} has no loaded template pack, so its model policy is unknown; ask the administrator to fix the pack`);
  }
  return policy;
}

/** The highest classification a provider may receive for this department: its own limit and the policy's, the lower. */
function providerCeiling(policy: DepartmentPolicy, p: Provider): Classification | undefined {
  const entry = policy.providers.find((x) => x.id === p.id);
  if (!entry) return undefined;
  return rank(entry.maxClassification) < rank(p.maxClassification) ? entry.maxClassification : p.maxClassification;
}

export interface Classified {
  classification: Classification;
  /** Ids of the providers cleared for it. */
  cleared: string[];
  allowed(p: Provider): boolean;
}

/**
 * The gate's classification decision alone: the department's policy (503 without one), the request's
 * classification (declared, or any marking in its texts), and the providers cleared for it (403 when none).
 * Drafts take it before anything leaves the gateway, so retrieval happens after the gate (the query to the
 * embeddings provider is gated by this classification); openGate takes it again over the final prompt.
 */
export function classifyRequest(
  ctx: GatewayContext,
  call: CallRecord,
  input: { caller: Caller; declared?: Classification; messages: readonly ChatMessage[] },
): Classified {
  const { caller } = input;
  const policy = policyOf(ctx, call, caller.department);
  const { texts, unscannable } = scannableTexts(input.messages);
  let classification = effectiveClassification(input.declared, texts);
  // Unmarked, undeclared text is what the department says its ordinary text is (UNCLASSIFIED unless it says more).
  if (!input.declared) classification = stricter(classification, policy.unmarked ?? 'UNCLASSIFIED');
  // Images, audio and files cannot be read for a marking: without a declaration they are treated as RESTRICTED.
  if (unscannable && !input.declared) classification = stricter(classification, 'RESTRICTED');
  const allowed = (p: Provider) => {
    const ceiling = providerCeiling(policy, p);
    return ceiling !== undefined && rank(classification) <= rank(ceiling);
  };
  const cleared = [...ctx.providers.values()].filter(allowed).map((p) => p.id);
  if (!cleared.length) {
    call.classification = `refused ${classification}`;
    ctx.metrics.policyRefusals.inc({ classification });
    throw new HttpError(403, 'classification_refused', refusalReason(classification, caller.department));
  }
  call.classification = `${classification} -> ${cleared.join(',')}`;
  return { classification, cleared, allowed };
}

/**
 * The highest classification a model can be sent for this department: the best ceiling among the providers
 * of its deployments and fallbacks (undefined when none of them is in the department's policy). Retrieved
 * passages above it are left out of that model's prompt.
 */
export function modelCeiling(ctx: GatewayContext, department: string, model: string): Classification | undefined {
  const policy = ctx.packs.departments.get(department)?.policy;
  if (!policy) return undefined;
  let best: Classification | undefined;
  for (const d of ctx.router.candidates(model, () => true)) {
    const c = providerCeiling(policy, d.provider);
    if (c && (!best || rank(c) > rank(best))) best = c;
  }
  return best;
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
  const policy = policyOf(ctx, call, caller.department);
  const { classification, allowed } = classifyRequest(ctx, call, input);

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
