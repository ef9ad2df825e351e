/**
 * The shared store's own behaviour beyond the contract: migrations under the advisory lock with several
 * replicas starting at once, start-up while PostgreSQL is away, and failing closed while Redis is away.
 */
import { Pool } from 'pg';
import { migratePostgres, PG_MIGRATIONS, type PgMigration } from '../../src/gateway/store/postgres-migrations';
import { openPostgresStore } from '../../src/gateway/store/postgres-store';
import { HttpError } from '../../src/gateway/types';
import { describeWithServers, freePort, missingServers, startServers, type Servers } from '../support/servers';

const LIMITS = { requestsPerMinute: 100, tokensPerDay: 100_000 };
const reserveInput = () => ({ userId: 'u', department: 'td', tokens: 10, user: LIMITS, departmentLimits: LIMITS, now: new Date() });

describeWithServers('PostgreSQL + Redis store', () => {
  let servers: Servers;
  let n = 0;
  beforeAll(async () => {
    if (!missingServers().length) servers = await startServers();
  }, 120_000);
  afterAll(async () => {
    await servers?.stop();
  }, 60_000);

  it('six replicas migrating a fresh database at once: every migration applied exactly once', async () => {
    const url = await servers.postgres.createDatabase(`migrate_${++n}`);
    const pools = Array.from({ length: 6 }, () => new Pool({ connectionString: url, max: 2 }));
    try {
      const results = await Promise.all(pools.map((p) => migratePostgres(p)));
      // One replica applied version 1; the others waited on the lock and found nothing to do.
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, 0, 0, 1]);
      expect(results.every((r) => r.to === PG_MIGRATIONS.length)).toBe(true);
      // A new version shipped later: applied once, again under concurrent starts.
      const next: PgMigration[] = [...PG_MIGRATIONS, { version: PG_MIGRATIONS.length + 1, name: 'test column', up: 'ALTER TABLE audit ADD COLUMN note TEXT' }];
      const again = await Promise.all(pools.map((p) => migratePostgres(p, next)));
      expect(again.filter((r) => r.applied.length === 1)).toHaveLength(1);
      const { rows } = await pools[0].query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows).toEqual([
        { version: 1, name: 'audit trail' },
        { version: 2, name: 'test column' },
      ]);
      const head = await pools[0].query('SELECT seq, hash FROM audit_head');
      expect(head.rows).toEqual([{ seq: '0', hash: '0'.repeat(64) }]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  }, 60_000);

  it('refuses a database whose schema is newer than this version knows', async () => {
    const url = await servers.postgres.createDatabase(`migrate_${++n}`);
    const pool = new Pool({ connectionString: url });
    try {
      await migratePostgres(pool, [...PG_MIGRATIONS, { version: 2, name: 'future', up: 'SELECT 1' }]);
      await expect(migratePostgres(pool)).rejects.toThrow(/schema is version 2, newer than this version of Wenshu knows \(1\): upgrade Wenshu/);
    } finally {
      await pool.end();
    }
  });

  it('PostgreSQL unavailable at start: not ready, says why, refuses model calls; ready once it is up', async () => {
    const port = await freePort();
    const store = openPostgresStore({ postgresUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, redisUrl: servers.redis.url, prefix: `s${++n}:` });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const health = await store.health();
      expect(health.ok).toBe(false);
      expect(!health.ok && health.reason).toMatch(/PostgreSQL is not available: .*ECONNREFUSED/);
      const refused = await Promise.resolve()
        .then(() => store.quotas.reserve(reserveInput()))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(HttpError);
      expect(refused).toMatchObject({ statusCode: 503, message: expect.stringMatching(/PostgreSQL is not available/) });
    } finally {
      await store.close();
    }
    // The same store against the running server becomes ready.
    const url = await servers.postgres.createDatabase(`late_${++n}`);
    const good = openPostgresStore({ postgresUrl: url, redisUrl: servers.redis.url, prefix: `s${++n}:` });
    try {
      await good.started;
      await waitFor(async () => (await good.health()).ok);
      expect((await good.quotas.reserve(reserveInput())).ok).toBe(true);
    } finally {
      await good.close();
    }
  }, 30_000);

  it('Redis away: reservations fail closed with 503 and a reason, readiness fails; both recover when it is back', async () => {
    const url = await servers.postgres.createDatabase(`redis_${++n}`);
    const store = openPostgresStore({ postgresUrl: url, redisUrl: servers.redis.url, prefix: `s${++n}:` });
    try {
      await store.started;
      await waitFor(async () => (await store.health()).ok);
      expect((await store.quotas.reserve(reserveInput())).ok).toBe(true);
      await servers.redis.stop();
      await waitFor(async () => !(await store.health()).ok);
      const health = await store.health();
      expect(!health.ok && health.reason).toMatch(/Redis is unreachable/);
      const refused = await Promise.resolve()
        .then(() => store.quotas.reserve(reserveInput()))
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ statusCode: 503, code: 'store_unavailable', headers: { 'retry-after': '5' } });
      // The audit trail (PostgreSQL) is still written meanwhile.
      await expect(store.audit.append({ time: new Date().toISOString(), userId: 'u', department: 'td', endpoint: '/v1/checks', classification: 'none', redactions: 0, promptTokens: 0, completionTokens: 0, outcome: 'ok', status: 200, latencyMs: 1, requestHash: 'a'.repeat(64), responseHash: 'b'.repeat(64) })).resolves.toMatchObject({ seq: 1 });
      await servers.redis.start();
      await waitFor(async () => (await store.health()).ok, 15_000);
      expect((await store.quotas.reserve(reserveInput())).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 40_000);

  it('PostgreSQL stopped under load: audit records wait and are committed when it is back, readiness says why meanwhile', async () => {
    const url = await servers.postgres.createDatabase(`pgdown_${++n}`);
    const store = openPostgresStore({ postgresUrl: url, redisUrl: servers.redis.url, prefix: `s${++n}:` });
    const rec = (i: number) => ({ time: new Date().toISOString(), userId: `u${i}`, department: 'td', endpoint: '/v1/chat/completions', classification: 'none', redactions: 0, promptTokens: i, completionTokens: 0, outcome: 'ok' as const, status: 200, latencyMs: 1, requestHash: 'a'.repeat(64), responseHash: 'b'.repeat(64) });
    try {
      await store.started;
      await Promise.all([1, 2, 3].map((i) => store.audit.append(rec(i))));
      servers.postgres.stop();
      const waiting = [4, 5, 6].map((i) => store.audit.append(rec(i)));
      await waitFor(async () => !(await store.health()).ok);
      const health = await store.health();
      expect(!health.ok && health.reason).toMatch(/audit trail cannot be written to PostgreSQL|PostgreSQL is unreachable/);
      servers.postgres.start();
      const committed = await Promise.all(waiting);
      expect(committed.map((r) => r.seq)).toEqual([4, 5, 6]);
      expect(await store.audit.verify()).toEqual({ ok: true, count: 6 });
    } finally {
      await store.close();
    }
  }, 60_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
