/**
 * The Store interface: everything the gateway persists, behind one shape with two implementations.
 *
 * - SQLite (store/sqlite.ts), the embedded default for one machine: synchronous, one file.
 * - PostgreSQL + Redis (store/postgres-store.ts), for several stateless replicas: the audit trail (one hash
 *   chain for the whole deployment, with the kept text) in PostgreSQL, the quota counters in Redis.
 *
 * What is persisted, and where:
 * - quotas: reservations, reconciliation, per-minute request and per-day token counters (QuotaBackend);
 * - audit: the hash-chained trail, including kept text until it expires (AuditBackend);
 * - API keys are NOT persisted: the configuration holds their sha256 (policy/api-keys.ts), so every replica
 *   reads the same keys from the same (mounted) configuration, and nothing about keys needs a shared store.
 * - The knowledge index is not here either: it is derived data, rebuilt by each replica from the same
 *   knowledge folder (knowledge/store.ts); see the README's scale-out section for why that is right.
 *
 * Methods return `Awaitable<T>`: SQLite answers synchronously, PostgreSQL and Redis with promises. Callers
 * always `await` (awaiting a plain value costs a microtask), so the same gateway code runs on both.
 */
import type { AuditInput, AuditRecord, AuditVerification, QuotaLimits, Reservation, ReserveResult } from '../types';

export type Awaitable<T> = T | Promise<T>;

export interface ReserveInput {
  userId: string;
  department: string;
  tokens: number;
  user: QuotaLimits;
  departmentLimits: QuotaLimits;
  now: Date;
}

export interface QuotaBackend {
  /**
   * Reserves one request and `tokens` for the user and the department, atomically (across processes and
   * replicas), or says which budget blocks it and when it resets. Throws (an HttpError 503 for a shared
   * store) when the counters cannot be reached: the gateway then fails closed, never admitting unmetered calls.
   */
  reserve(input: ReserveInput): Awaitable<ReserveResult>;
  /** Replaces the reserved tokens with those used; idempotent (a second settle is ignored). */
  reconcile(reservation: Reservation, actualTokens: number): Awaitable<void>;
  /** Returns the reserved tokens (the call failed); the request still counts. Idempotent. */
  release(reservation: Reservation): Awaitable<void>;
}

export interface AuditBackend {
  append(record: AuditInput): Awaitable<AuditRecord>;
  /** Walks the chain and reports the first broken sequence. */
  verify(): Awaitable<AuditVerification>;
  list(options?: { after?: number; limit?: number }): Awaitable<AuditRecord[]>;
  /** Deletes kept text whose time has passed (its digest stays in the chain, so the chain still verifies). */
  purgeExpiredText(now: Date): Awaitable<number>;
  /** The newest link as the store records it (seq 0 and the genesis hash when empty): what a signed checkpoint pins (audit/checkpoint.ts). */
  head(): Awaitable<{ seq: number; hash: string }>;
}

/** Whether the store can serve model calls now; `reason` says why not (readiness reports it). */
export type StoreHealth = { ok: true } | { ok: false; reason: string };

export interface Store {
  readonly audit: AuditBackend;
  readonly quotas: QuotaBackend;
  /**
   * Runs several writes together: one transaction in SQLite. A shared store group-commits its appends on its
   * own (one PostgreSQL transaction for all appends queued meanwhile), so there it simply runs `work`.
   */
  batch<T>(work: () => T): T;
  /** Absent: always healthy (the embedded store is a local file that is open or the gateway did not start). */
  health?(): Awaitable<StoreHealth>;
  /** Writes what is still queued, then closes connections. */
  close(): Awaitable<void>;
}
