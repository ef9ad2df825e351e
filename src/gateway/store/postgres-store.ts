/**
 * The shared store for several stateless replicas: the audit trail in PostgreSQL (postgres-audit.ts), the
 * quotas in Redis (redis-quotas.ts), the schema brought up to date at start (postgres-migrations.ts).
 *
 * Start-up never blocks on the servers: the store opens at once and connects and migrates in the background,
 * retrying, while `health()` says what it is waiting for (`/readyz` answers 503 with that reason) and model
 * calls are refused with 503. Checks and templates never touch the store and are served throughout.
 * Fail closed: while Redis cannot be reached, or PostgreSQL cannot take audit records, no model call is
 * admitted — neither an unmetered one nor an unaudited one.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { HttpError, type Reservation } from '../types';
import { PostgresAuditLog } from './postgres-audit';
import { migratePostgres } from './postgres-migrations';
import { RedisQuotaStore, type RedisQuotaOptions } from './redis-quotas';
import type { QuotaBackend, ReserveInput, Store, StoreHealth } from './types';

export interface PostgresStoreOptions extends RedisQuotaOptions {
  postgresUrl: string;
  redisUrl: string;
  /** Written beside each audit record (not chained): which replica wrote it. Default host name, pid and a random tag. */
  replica?: string;
  /** PostgreSQL connections per replica. Default 10. */
  poolSize?: number;
  /** Problems worth a log line (connection lost, migration retried); never carries a URL or a password. */
  onProblem?(message: string, detail: { reason: string }): void;
}

export interface PostgresStore extends Store {
  readonly audit: PostgresAuditLog;
  readonly quotas: QuotaBackend;
  readonly pool: Pool;
  readonly redis: Redis;
  /** Resolves once connected and migrated (it keeps retrying until then, or until closed). */
  readonly started: Promise<void>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

const MIGRATE_RETRY_MS = 1_000;
const PING_EVERY_MS = 1_000;

export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const problem = options.onProblem ?? (() => undefined);
  const pool = new Pool({ connectionString: options.postgresUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 3_000, application_name: 'wenshu-gateway' });
  // An idle connection that breaks (server restarted) is reported here; without a listener it would crash the process.
  pool.on('error', (err) => problem('PostgreSQL connection lost', { reason: err.message }));
  const redis = new Redis(options.redisUrl, {
    // Fail closed and fast: no queue of commands while Redis is away, a short timeout, reconnection forever.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 2_000,
    connectTimeout: 3_000,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  });
  let redisError = 'not connected yet';
  redis.on('error', (err) => {
    if (redisError !== err.message) problem('Redis unreachable', { reason: err.message });
    redisError = err.message;
  });
  redis.on('ready', () => (redisError = ''));

  const audit = new PostgresAuditLog(pool, options.replica ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`);
  const redisQuotas = new RedisQuotaStore(redis, options);
  let closed = false;
  let migrated = false;
  let startError = 'connecting to PostgreSQL';
  const started = (async () => {
    for (;;) {
      try {
        await migratePostgres(pool);
        migrated = true;
        audit.unavailable = undefined;
        return;
      } catch (err) {
        startError = `PostgreSQL is not available: ${(err as Error).message}`;
        audit.unavailable = startError;
        problem('PostgreSQL not ready; retrying', { reason: (err as Error).message });
        if (closed) throw new Error(startError);
        await new Promise((r) => setTimeout(r, MIGRATE_RETRY_MS).unref());
        if (closed) throw new Error(startError);
      }
    }
  })();
  started.catch(() => undefined);

  let lastPing = { at: 0, error: '' };
  const pingPostgres = async (): Promise<string> => {
    if (Date.now() - lastPing.at < PING_EVERY_MS) return lastPing.error;
    let error = '';
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      error = (err as Error).message;
    }
    lastPing = { at: Date.now(), error };
    return error;
  };

  /** Why model calls cannot be served now, from what is already known (no round trip). */
  const notServing = (): string | undefined => {
    if (closed) return 'the store is closed';
    if (!migrated) return startError;
    if (redis.status !== 'ready') return `Redis is unreachable${redisError ? `: ${redisError}` : ''}`;
    if (audit.failing) return `the audit trail cannot be written to PostgreSQL: ${audit.failing}`;
    return undefined;
  };

  const quotas: QuotaBackend = {
    async reserve(input: ReserveInput) {
      const why = notServing();
      if (why) throw new HttpError(503, 'store_unavailable', `model calls are refused while the shared store is unavailable: ${why}`, { 'retry-after': '5' });
      return redisQuotas.reserve(input);
    },
    // Settlements are written behind and nobody waits for them: a failure is reported, never thrown. Until the
    // reservation is settled (or swept as stale) it overstates use, which can only refuse, never overspend.
    reconcile: (r: Reservation, tokens: number) => redisQuotas.reconcile(r, tokens).catch((err: Error) => problem('quota settlement not written', { reason: err.message })),
    release: (r: Reservation) => redisQuotas.release(r).catch((err: Error) => problem('quota release not written', { reason: err.message })),
  };

  return {
    audit,
    quotas,
    pool,
    redis,
    started,
    // Appends group-commit on their own (postgres-audit.ts); there is no outer transaction to open.
    batch: <T>(work: () => T): T => work(),
    async health() {
      const why = notServing();
      if (why) return { ok: false, reason: why };
      const pg = await pingPostgres();
      if (pg) return { ok: false, reason: `PostgreSQL is unreachable: ${pg}` };
      return { ok: true };
    },
    async close() {
      if (closed) return;
      try {
        if (migrated) await audit.drain();
      } finally {
        closed = true;
        audit.close();
        redis.disconnect();
        await pool.end().catch(() => undefined);
      }
    },
  };
}
