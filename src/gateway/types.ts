/**
 * Shared types of the gateway. Each part (policy, store, providers, routes) depends on these, not on
 * each other's internals.
 */
import type { Classification } from '../core/checks/types';

export type { Classification };
export type Tier = 'free' | 'paid';

/** Who is calling, as the gateway established it: never taken from anything the client asserts. */
export interface Caller {
  /** `oid` for users signed in with a JWT, the key id for API keys, `dev` in development mode. */
  userId: string;
  /** `tid` of the token (or `local` for API keys and development mode). */
  tenantId: string;
  department: string;
  tier: Tier;
  kind: 'user' | 'service' | 'development';
  /** May read /metrics: an API key with `admin: true`, a token with one of `auth.jwt.adminRoles`, the development user. */
  admin?: boolean;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** One record of the audit trail, before the store gives it a sequence number and chains it. */
export interface AuditInput {
  time: string;
  userId: string;
  department: string;
  endpoint: string;
  template?: string;
  model?: string;
  provider?: string;
  /** e.g. "allowed RESTRICTED -> local-llm" or "refused CONFIDENTIAL: no provider allowed". */
  classification: string;
  redactions: number;
  promptTokens: number;
  completionTokens: number;
  outcome: 'ok' | 'error' | 'refused' | 'cancelled';
  status: number;
  latencyMs: number;
  requestHash: string;
  responseHash: string;
  /** Only when the department's policy keeps text, until `expiresAt`. */
  text?: { request: string; response: string; expiresAt: string };
  /** Unique per call; the response carries it as x-request-id. */
  requestId?: string;
  /** The caller's socket address (proxy headers are never trusted for it). */
  ip?: string;
  /** The caller's tenant (`tid`; `local` for API keys and development mode). */
  tenant?: string;
  /** How the caller was authenticated; `none` for a refusal before authentication (default). */
  callerKind?: 'user' | 'api-key' | 'dev' | 'none';
  /** Refusals from the same source left unrecorded by the rate limit before this record (default 0). */
  suppressed?: number;
  /** The HMAC key requestHash/responseHash are keyed with (audit/hmac.ts); absent: plain sha256. */
  hashKeyId?: string;
}

export interface AuditRecord extends AuditInput {
  seq: number;
  prevHash: string;
  hash: string;
  /**
   * Digest of the kept text (see audit/chain.ts `textDigest`), present whenever text was kept, also after
   * `text` itself has been purged: the chain covers this digest, never the text, so an exported list can be
   * re-verified without it.
   */
  textHash?: string;
}

export type AuditVerification = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

export interface AuditLog {
  append(record: AuditInput): AuditRecord;
  verify(): AuditVerification;
  list(options?: { after?: number; limit?: number }): AuditRecord[];
  /** Deletes kept text whose time has passed (the hashes stay, so the chain still verifies). */
  purgeExpiredText(now: Date): number;
  /** The newest link as the store records it (seq 0 and the genesis hash for an empty trail): what a checkpoint signs. */
  head(): { seq: number; hash: string };
}

export interface QuotaLimits {
  requestsPerMinute: number;
  tokensPerDay: number;
}

export interface Reservation {
  id: string;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; retryAfterSeconds: number; reason: string };

/**
 * Quotas are kept per user and per department. A request reserves its worst case (one request, its prompt
 * estimate plus max_tokens) atomically for both; when it ends the reservation is reconciled with the tokens
 * really used, so concurrent requests can never overspend a budget.
 */
export interface QuotaStore {
  reserve(input: { userId: string; department: string; tokens: number; user: QuotaLimits; departmentLimits: QuotaLimits; now: Date }): ReserveResult;
  reconcile(reservation: Reservation, actualTokens: number): void;
  release(reservation: Reservation): void;
}

export interface Store {
  readonly audit: AuditLog;
  readonly quotas: QuotaStore;
  /** Runs several writes in one transaction (one commit instead of one each). */
  batch<T>(work: () => T): T;
  close(): void;
}
