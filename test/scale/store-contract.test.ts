/**
 * The store contract: the same tests against the embedded SQLite store and against the shared PostgreSQL +
 * Redis store (real servers started by the test: test/support/servers.ts). Whatever the gateway relies on —
 * quota semantics and reasons, atomic reservations, the audit chain, kept text and its purge, verification
 * finding the first broken record — must hold for both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH } from '../../src/gateway/audit/chain';
import { openPostgresStore, type PostgresStore } from '../../src/gateway/store/postgres-store';
import { openSqliteStore } from '../../src/gateway/store/sqlite';
import type { Store } from '../../src/gateway/store/types';
import type { AuditInput, AuditRecord, QuotaLimits, ReserveResult } from '../../src/gateway/types';
import { describeWithServers, missingServers, startServers, type Servers } from '../support/servers';

interface Opened {
  store: Store;
  /** Direct edits of the stored trail, as someone with database access could make them. */
  tamper: { setStatus(seq: number, status: number): Promise<void>; deleteRecord(seq: number): Promise<void> };
  close(): Promise<void>;
}

interface Impl {
  name: string;
  open(options?: { staleAfterMinutes?: number }): Promise<Opened>;
}

let servers: Servers | undefined;
let databases = 0;

const sqlite: Impl = {
  name: 'SQLite (embedded)',
  async open(options = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-contract-'));
    const file = join(dir, 'wenshu.db');
    const store = openSqliteStore(file, options);
    const raw = new Database(file);
    return {
      store,
      tamper: {
        async setStatus(seq, status) {
          raw.prepare('UPDATE audit SET status = ? WHERE seq = ?').run(status, seq);
        },
        async deleteRecord(seq) {
          raw.prepare('DELETE FROM audit WHERE seq = ?').run(seq);
        },
      },
      async close() {
        raw.close();
        store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Impl = {
  name: 'PostgreSQL + Redis',
  async open(options = {}) {
    if (!servers) throw new Error('servers not started');
    const db = `contract_${++databases}`;
    const url = await servers.postgres.createDatabase(db);
    // A prefix per store: each test starts with empty counters in the one Redis.
    const store: PostgresStore = openPostgresStore({ postgresUrl: url, redisUrl: servers.redis.url, prefix: `t${databases}:`, ...options });
    await store.started;
    return {
      store,
      tamper: {
        async setStatus(seq, status) {
          await store.pool.query(`UPDATE audit SET fields = jsonb_set(fields::jsonb, '{status}', to_jsonb($1::int))::json WHERE seq = $2`, [status, seq]);
        },
        async deleteRecord(seq) {
          await store.pool.query('DELETE FROM audit WHERE seq = $1', [seq]);
        },
      },
      close: () => store.close(),
    };
  },
};

const LIMITS: QuotaLimits = { requestsPerMinute: 5, tokensPerDay: 1_000 };
const WIDE: QuotaLimits = { requestsPerMinute: 1_000, tokensPerDay: 1_000_000 };
// 10:00:30 UTC = 18:00:30 in Hong Kong: 30 s left in the minute, 6 h (21,570 s) left in the HK day.
const NOW = new Date('2026-03-02T10:00:30.000Z');

function record(i: number, over: Partial<AuditInput> = {}): AuditInput {
  return {
    time: new Date(NOW.getTime() + i * 1000).toISOString(),
    userId: `officer-${i % 3}`,
    department: i % 2 ? 'td' : 'fehd',
    endpoint: '/v1/chat/completions',
    model: 'local',
    provider: 'local-llm',
    classification: 'RESTRICTED -> local-llm',
    redactions: i % 4,
    promptTokens: 10 + i,
    completionTokens: 20 + i,
    outcome: 'ok',
    status: 200,
    latencyMs: 12.5 + i / 7,
    requestHash: (i.toString(16).padStart(2, '0') + 'a'.repeat(62)).slice(0, 64),
    responseHash: 'b'.repeat(64),
    ...over,
  };
}

async function reserve(store: Store, over: Partial<{ userId: string; department: string; tokens: number; user: QuotaLimits; departmentLimits: QuotaLimits; now: Date }> = {}): Promise<ReserveResult> {
  return store.quotas.reserve({ userId: 'u1', department: 'td', tokens: 10, user: LIMITS, departmentLimits: WIDE, now: NOW, ...over });
}

const ok = (r: ReserveResult) => {
  if (!r.ok) throw new Error(`expected admission, got: ${r.reason}`);
  return r.reservation;
};

const implementations: Impl[] = [sqlite, postgres];

describeWithServers('store contract', () => {
  beforeAll(async () => {
    if (!missingServers().length) servers = await startServers();
  }, 120_000);
  afterAll(async () => {
    await servers?.stop();
  }, 60_000);

  describe.each(implementations)('$name', (impl) => {
    let opened: Opened;
    let store: Store;
    beforeEach(async () => {
      opened = await impl.open();
      store = opened.store;
    }, 30_000);
    afterEach(async () => {
      await opened?.close();
    });

    describe('quotas', () => {
      it('admits requestsPerMinute requests, then refuses with the seconds left in the minute', async () => {
        for (let i = 0; i < 5; i++) ok(await reserve(store));
        const refused = await reserve(store);
        expect(refused).toEqual({ ok: false, retryAfterSeconds: 30, reason: 'user u1 has used its 5 requests for this minute' });
        // A refused request does not count, and the next minute starts afresh.
        ok(await reserve(store, { now: new Date(NOW.getTime() + 30_000) }));
      });

      it('reserves the worst case, reconciles to the actual tokens, and release returns them', async () => {
        const a = ok(await reserve(store, { tokens: 600 }));
        expect(await reserve(store, { tokens: 500 })).toEqual({
          ok: false,
          retryAfterSeconds: 21_570,
          reason: 'user u1 has 400 of its 1000 tokens for today left, and this request may use up to 500 (the day resets at midnight Hong Kong time)',
        });
        await store.quotas.reconcile(a, 100);
        const b = ok(await reserve(store, { tokens: 500 }));
        await store.quotas.release(b);
        // 100 used: 900 left exactly.
        ok(await reserve(store, { tokens: 900 }));
        expect((await reserve(store, { tokens: 1 })).ok).toBe(false);
      });

      it('settling twice counts once', async () => {
        const a = ok(await reserve(store, { tokens: 500 }));
        await store.quotas.reconcile(a, 200);
        await store.quotas.reconcile(a, 200);
        await store.quotas.release(a);
        ok(await reserve(store, { tokens: 800 }));
        expect((await reserve(store, { tokens: 1 })).ok).toBe(false);
      });

      it('a department budget is shared by its users, and every blocking budget is named', async () => {
        const dept = { requestsPerMinute: 3, tokensPerDay: 100 };
        for (const u of ['a', 'b', 'c']) ok(await reserve(store, { userId: u, departmentLimits: dept }));
        const refused = await reserve(store, { userId: 'd', departmentLimits: dept, tokens: 200 });
        expect(refused).toEqual({
          ok: false,
          retryAfterSeconds: 21_570,
          reason:
            'department td has used its 3 requests for this minute; this request may use up to 200 tokens, more than department td\'s whole daily budget of 100 (the day resets at midnight Hong Kong time)',
        });
      });

      it('40 concurrent reservations against a limit of 5 admit exactly 5', async () => {
        const results = await Promise.all(Array.from({ length: 40 }, () => reserve(store)));
        expect(results.filter((r) => r.ok)).toHaveLength(5);
        expect(results.filter((r) => !r.ok)).toHaveLength(35);
      });

      it('the day is the Hong Kong day: budgets reset at 16:00 UTC', async () => {
        // Settled, so that the stale-reservation sweep (15 minutes) has nothing to give back hours later.
        await store.quotas.reconcile(ok(await reserve(store, { tokens: 1_000 })), 1_000);
        expect((await reserve(store, { tokens: 1, now: new Date('2026-03-02T15:59:59.000Z') })).ok).toBe(false);
        ok(await reserve(store, { tokens: 1_000, now: new Date('2026-03-02T16:00:00.000Z') }));
      });

      it('rejects a negative token count as a programming error', async () => {
        await expect(Promise.resolve().then(() => reserve(store, { tokens: -1 }))).rejects.toThrow(TypeError);
      });
    });

    it('a reservation never settled is expired after staleAfterMinutes and gives its tokens back; a late reconcile still charges', async () => {
      await opened.close();
      opened = await impl.open({ staleAfterMinutes: 1 });
      store = opened.store;
      const lost = ok(await reserve(store, { tokens: 900 }));
      expect((await reserve(store, { tokens: 200, now: new Date(NOW.getTime() + 1_000) })).ok).toBe(false);
      // Two minutes later the stale reservation is swept by the next reservation.
      const later = new Date(NOW.getTime() + 120_000);
      ok(await reserve(store, { tokens: 200, now: later }));
      await store.quotas.reconcile(lost, 700);
      // 200 + 700 used: 100 left.
      ok(await reserve(store, { tokens: 100, now: new Date(later.getTime() + 1_000) }));
      expect((await reserve(store, { tokens: 1, now: new Date(later.getTime() + 2_000) })).ok).toBe(false);
    });

    describe('audit', () => {
      it('chains records 1..n onto the genesis hash and verifies them', async () => {
        const records: AuditRecord[] = [];
        for (let i = 1; i <= 5; i++) records.push(await store.audit.append(record(i)));
        expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(records[0].prevHash).toBe(GENESIS_HASH);
        for (let i = 1; i < 5; i++) expect(records[i].prevHash).toBe(records[i - 1].hash);
        expect(await store.audit.verify()).toEqual({ ok: true, count: 5 });
        const listed = await store.audit.list({ after: 2, limit: 2 });
        expect(listed.map((r) => r.seq)).toEqual([3, 4]);
        expect(listed[0]).toMatchObject({ userId: 'officer-0', department: 'td', latencyMs: 12.5 + 3 / 7, hash: records[2].hash });
      });

      it('gives the same records and hashes as the embedded store for the same inputs', async () => {
        const inputs = [1, 2, 3].map((i) => record(i, i === 2 ? { text: { request: '請求 "x"\n', response: '回覆', expiresAt: '2026-03-09T10:00:00Z' }, template: 'td/reply' } : {}));
        for (const r of inputs) await store.audit.append(r);
        const reference = openSqliteStore(':memory:');
        for (const r of inputs) reference.audit.append(r);
        expect(await store.audit.list({ limit: 10 })).toEqual(reference.audit.list({ limit: 10 }));
        reference.close();
      });

      it('many concurrent appends make one chain without forks', async () => {
        await Promise.all(Array.from({ length: 200 }, (_, i) => store.audit.append(record(i + 1))));
        const all = await store.audit.list({ limit: 1_000 });
        expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(new Set(all.map((r) => r.prevHash)).size).toBe(200);
        expect(await store.audit.verify()).toEqual({ ok: true, count: 200 });
      });

      it('kept text is listed until it expires, then purged; the chain still verifies and keeps its digest', async () => {
        const kept = await store.audit.append(record(1, { text: { request: 'req', response: 'resp', expiresAt: '2026-03-03T00:00:00.000Z' } }));
        await store.audit.append(record(2));
        expect((await store.audit.list())[0].text).toEqual({ request: 'req', response: 'resp', expiresAt: '2026-03-03T00:00:00.000Z' });
        expect(await store.audit.purgeExpiredText(new Date('2026-03-02T23:59:59Z'))).toBe(0);
        expect(await store.audit.purgeExpiredText(new Date('2026-03-03T00:00:00Z'))).toBe(1);
        const [first] = await store.audit.list();
        expect(first.text).toBeUndefined();
        expect(first.textHash).toBe(kept.textHash);
        expect(await store.audit.verify()).toEqual({ ok: true, count: 2 });
      });

      it('refuses a record whose digest is not a sha256 (raw text never enters the trail) and appends nothing', async () => {
        await expect(Promise.resolve().then(() => store.audit.append(record(1, { requestHash: 'my secret prompt' })))).rejects.toThrow(/requestHash/);
        expect(await store.audit.list()).toEqual([]);
      });

      it('verify finds the first edited record', async () => {
        for (let i = 1; i <= 6; i++) await store.audit.append(record(i));
        await opened.tamper.setStatus(4, 500);
        expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 4, count: 3 });
      });

      it('verify finds a deleted record in the middle and deleted newest records', async () => {
        for (let i = 1; i <= 6; i++) await store.audit.append(record(i));
        await opened.tamper.deleteRecord(6);
        expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 6 });
        await opened.tamper.deleteRecord(3);
        expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3, count: 2 });
      });
    });
  });
});
