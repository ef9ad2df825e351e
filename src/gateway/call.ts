import { createHash, randomUUID } from 'node:crypto';
import type { AuditHasher } from './audit/hmac';
import type { GatewayContext } from './context';
import type { AuditInput, Caller } from './types';

/** How the audit record names the way a caller was authenticated. */
export function callerKindOf(caller: Caller | undefined): NonNullable<AuditInput['callerKind']> {
  if (!caller) return 'none';
  if (caller.kind === 'development') return 'dev';
  if (caller.kind === 'service') return 'api-key';
  return 'user';
}

/**
 * What the gateway learns about one call as it goes; written to the audit trail once, when the call ends.
 * Text is digested (HMAC-SHA256 with the deployment's audit key: audit/hmac.ts), never stored, unless the
 * department's policy keeps it (and then only redacted text).
 */
export class CallRecord {
  readonly startedAt = Date.now();
  /** Unique per HTTP request; the response carries it as x-request-id. */
  readonly requestId: string;
  /** The socket's address (a proxy header is never trusted for it). */
  ip?: string;
  /** False for a request whose path matched no route (a 404 from the router): recorded as a refusal. */
  routeMatched = true;
  caller?: Caller;
  template?: string;
  model?: string;
  provider?: string;
  classification = 'none';
  redactions = 0;
  promptTokens = 0;
  completionTokens = 0;
  outcome: AuditInput['outcome'] = 'ok';
  requestHash: string;
  responseHash: string;
  keptText?: AuditInput['text'];
  written = false;
  /** Set by streaming routes, which write the record themselves before the stream's last event. */
  streaming = false;

  constructor(
    readonly endpoint: string,
    private readonly hasher?: AuditHasher,
    requestId?: string,
  ) {
    this.requestId = requestId ?? randomUUID();
    this.requestHash = this.digest('');
    this.responseHash = this.digest('');
  }

  /** Another record for the same request (a repair call), digested with the same key. */
  child(endpoint: string): CallRecord {
    const c = new CallRecord(endpoint, this.hasher, this.requestId);
    c.ip = this.ip;
    c.caller = this.caller;
    c.routeMatched = this.routeMatched;
    return c;
  }

  /** A refusal of someone never authenticated, or of a path that does not exist: rate-limited per source. */
  get isRefusal(): boolean {
    return !this.caller || !this.routeMatched;
  }

  hashRequest(value: unknown): void {
    this.requestHash = this.digest(typeof value === 'string' ? value : JSON.stringify(value ?? null));
  }

  hashResponse(value: unknown): void {
    this.responseHash = this.digest(typeof value === 'string' ? value : JSON.stringify(value ?? null));
  }

  private digest(text: string): string {
    return this.hasher ? this.hasher.digest(text) : sha256(text);
  }

  toAudit(status: number, now = new Date()): AuditInput {
    const refused = status === 401 || status === 403 || status === 429 || (status === 404 && !this.routeMatched);
    return {
      time: now.toISOString(),
      userId: this.caller?.userId ?? 'anonymous',
      department: this.caller?.department ?? '-',
      endpoint: this.endpoint,
      template: this.template,
      model: this.model,
      provider: this.provider,
      classification: this.classification,
      redactions: this.redactions,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      outcome: this.outcome === 'ok' && status >= 400 ? (refused ? 'refused' : 'error') : this.outcome === 'error' && refused ? 'refused' : this.outcome,
      status,
      latencyMs: Date.now() - this.startedAt,
      requestHash: this.requestHash,
      responseHash: this.responseHash,
      text: this.keptText,
      requestId: this.requestId,
      ip: this.ip,
      tenant: this.caller?.tenantId,
      callerKind: callerKindOf(this.caller),
      ...(this.hasher ? { hashKeyId: this.hasher.keyId } : {}),
    };
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Queues the call's audit record, once, without waiting for it: for calls that have no answer to withhold
 * (refusals, cancelled calls, streams that already failed). Refusals are rate-limited (audit/refusals.ts).
 */
export function writeAudit(ctx: GatewayContext, call: CallRecord | null, status: number): void {
  if (!call || call.written) return;
  call.written = true;
  try {
    ctx.audit.write(call, status);
  } catch (err) {
    ctx.log.error({ reason: (err as Error).message }, 'audit record could not be made');
  }
}

/**
 * Writes the call's record and waits until it is committed: the answer is sent only after this resolves.
 * Throws HttpError 503 `audit_unavailable` when the record could not be written (the caller withholds the
 * answer). A refusal's record is not waited for (there is nothing to withhold).
 */
export async function commitAudit(ctx: GatewayContext, call: CallRecord, status: number): Promise<void> {
  if (call.written) return;
  call.written = true;
  try {
    await ctx.audit.commit(call, status);
  } catch (err) {
    // Not written: a later writeAudit may still record what happened instead (e.g. the stream's error).
    call.written = false;
    throw err;
  }
}
