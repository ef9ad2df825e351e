import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CallRecord } from '../call';
import { HttpError, type AuditInput } from '../types';
import type { WriteBehind } from '../write-behind';
import type { AuditHasher } from './hmac';
import type { RefusalLimiter } from './refusals';

/** The reason a client gets when its call's record could not be written (never the database's error text). */
export const AUDIT_UNAVAILABLE = 'the audit record of this call could not be written, so its answer is withheld; try again later';

export function auditUnavailable(): HttpError {
  return new HttpError(503, 'audit_unavailable', AUDIT_UNAVAILABLE, { 'retry-after': '5' });
}

/**
 * The gateway's side of the audit trail: makes each request's call record (request id, source address, the
 * keyed digests), decides which records are written and whether the answer waits for them.
 *
 * - An authenticated call's record is committed before its answer is sent (non-streamed: the onSend hook
 *   below; streamed: before the stream's last event, see commitAudit in call.ts). When the write fails the
 *   client gets 503 `audit_unavailable` (or the stream ends with an error event instead of its end).
 * - A refusal of someone never authenticated, or of a path that does not exist, is recorded only within the
 *   per-source rate limit (audit/refusals.ts), and never waited for.
 */
export class AuditTrail {
  constructor(
    readonly hasher: AuditHasher,
    readonly refusals: RefusalLimiter,
    private readonly writes: WriteBehind,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The call record of one request; the response carries its id as x-request-id. */
  call(endpoint: string, req: FastifyRequest, reply: FastifyReply): CallRecord {
    const call = new CallRecord(endpoint, this.hasher);
    call.ip = req.socket.remoteAddress ?? undefined;
    call.routeMatched = req.routeOptions.url !== undefined;
    reply.header('x-request-id', call.requestId);
    return call;
  }

  /** Queues the record (rate-limited for refusals) without waiting. */
  write(call: CallRecord, status: number): void {
    const record = this.admit(call, status);
    if (record) this.writes.audit(record);
  }

  /** Resolves once the record is committed; throws 503 audit_unavailable when it was not. Refusals: as write. */
  async commit(call: CallRecord, status: number): Promise<void> {
    if (call.isRefusal) return this.write(call, status);
    try {
      await this.writes.auditCommitted(call.toAudit(status));
    } catch {
      // The store's error was logged by the write-behind queue; the client learns only that it failed.
      this.log.error({ requestId: call.requestId, status }, 'audit record not written: the answer is withheld');
      throw auditUnavailable();
    }
  }

  /** Summary records for sources whose refusals were left out (`all` at shutdown). */
  sweepRefusals(all = false): void {
    for (const { source, suppressed } of this.refusals.sweep(all)) {
      const none = this.hasher.digest('');
      this.writes.audit({
        time: new Date().toISOString(),
        userId: 'anonymous',
        department: '-',
        endpoint: 'refusals not recorded (rate limit)',
        classification: 'none',
        redactions: 0,
        promptTokens: 0,
        completionTokens: 0,
        outcome: 'refused',
        status: 0,
        latencyMs: 0,
        requestHash: none,
        responseHash: none,
        requestId: randomUUID(),
        ip: source,
        callerKind: 'none',
        suppressed,
        hashKeyId: this.hasher.keyId,
      });
    }
  }

  private admit(call: CallRecord, status: number): AuditInput | undefined {
    const record = call.toAudit(status);
    if (!call.isRefusal) return record;
    const admission = this.refusals.admit(call.ip ?? 'unknown');
    if (!admission.record) return undefined;
    return { ...record, suppressed: admission.suppressed };
  }
}

/**
 * Non-streamed answers wait for their record: onSend runs after the route has finished and before a byte is
 * sent, so the status and the response digest are final. A failed write turns the answer into 503.
 */
export function registerAuditHooks(app: FastifyInstance, trail: { commit(call: CallRecord, status: number): Promise<void> }): void {
  app.addHook('onSend', async (req, reply, payload) => {
    const call = req.call;
    if (!call || call.streaming || call.written) return payload;
    call.written = true;
    try {
      await trail.commit(call, reply.statusCode);
      return payload;
    } catch (err) {
      const e = err instanceof HttpError ? err : auditUnavailable();
      reply.code(e.statusCode);
      reply.removeHeader('x-wenshu-provider');
      for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
      reply.header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ error: { message: e.message, type: 'api_error', code: e.code } });
    }
  });
}
