import { createHash } from 'node:crypto';
import type { GatewayContext } from './context';
import type { AuditInput, Caller } from './types';

/**
 * What the gateway learns about one call as it goes; written to the audit trail once, when the call ends.
 * Text is hashed, never stored, unless the department's policy keeps it (and then only redacted text).
 */
export class CallRecord {
  readonly startedAt = Date.now();
  caller?: Caller;
  template?: string;
  model?: string;
  provider?: string;
  classification = 'none';
  redactions = 0;
  promptTokens = 0;
  completionTokens = 0;
  outcome: AuditInput['outcome'] = 'ok';
  requestHash = sha256('');
  responseHash = sha256('');
  keptText?: AuditInput['text'];
  written = false;
  /** Set by streaming routes, which write the record themselves once the stream has ended. */
  streaming = false;

  constructor(readonly endpoint: string) {}

  hashRequest(value: unknown): void {
    this.requestHash = sha256(typeof value === 'string' ? value : JSON.stringify(value ?? null));
  }

  hashResponse(value: unknown): void {
    this.responseHash = sha256(typeof value === 'string' ? value : JSON.stringify(value ?? null));
  }

  toAudit(status: number, now = new Date()): AuditInput {
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
      outcome: this.outcome === 'ok' && status >= 400 ? (status === 403 || status === 429 ? 'refused' : 'error') : this.outcome,
      status,
      latencyMs: Date.now() - this.startedAt,
      requestHash: this.requestHash,
      responseHash: this.responseHash,
      text: this.keptText,
    };
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Queues the call's audit record, once. */
export function writeAudit(ctx: GatewayContext, call: CallRecord | null, status: number) {
  if (!call || call.written) return;
  call.written = true;
  try {
    ctx.writes.audit(call.toAudit(status));
  } catch (err) {
    ctx.log.error({ reason: (err as Error).message }, 'audit record could not be made');
  }
}
