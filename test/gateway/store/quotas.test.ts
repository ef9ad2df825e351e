import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { hongKongDay } from '../../../src/gateway/store/sqlite-quotas';
import { openSqliteStore, type SqliteStore } from '../../../src/gateway/store/sqlite';
import type { QuotaLimits, ReserveResult } from '../../../src/gateway/types';
import { raw, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const BIG: QuotaLimits = { requestsPerMinute: 1_000_000, tokensPerDay: 1_000_000_000 };
// 2025-03-01 10:00:20.500 UTC = 18:00:20.5 in Hong Kong
const T0 = new Date('2025-03-01T10:00:20.500Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let n = 0;
let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore(tmp.file(`quotas-${++n}.db`));
});
afterEach(() => store.close());

function reserve(s: SqliteStore, o: { userId?: string; department?: string; tokens?: number; user?: QuotaLimits; dept?: QuotaLimits; now?: Date }): ReserveResult {
  return s.quotas.reserve({
    userId: o.userId ?? 'u1',
    department: o.department ?? 'fehd',
    tokens: o.tokens ?? 0,
    user: o.user ?? BIG,
    departmentLimits: o.dept ?? BIG,
    now: o.now ?? T0,
  });
}
const ok = (r: ReserveResult) => {
  if (!r.ok) throw new Error(`expected admission, got: ${r.reason}`);
  return r.reservation;
};

describe('hongKongDay', () => {
  it('rolls over at midnight Hong Kong time (16:00 UTC)', () => {
    expect(hongKongDay(new Date('2025-03-01T15:59:59.999Z'))).toEqual({ day: '2025-03-01', endsAtMs: Date.parse('2025-03-01T16:00:00Z') });
    expect(hongKongDay(new Date('2025-03-01T16:00:00.000Z'))).toEqual({ day: '2025-03-02', endsAtMs: Date.parse('2025-03-02T16:00:00Z') });
    expect(hongKongDay(new Date('2024-12-31T17:00:00Z')).day).toBe('2025-01-01');
  });
});

describe('requests per minute (fixed 60 s windows)', () => {
  it('limits a user, with Retry-After until the window ends', () => {
    const user = { requestsPerMinute: 3, tokensPerDay: 1e9 };
    for (let i = 0; i < 3; i++) ok(reserve(store, { user, now: at(i * 1000) }));
    const refused = reserve(store, { user, now: at(3000) });
    // window 10:00:00–10:01:00; now 10:00:23.5 → 36.5 s → 37
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 37, reason: 'user u1 has used its 3 requests for this minute' });
    // another user is not affected; the next window admits u1 again
    ok(reserve(store, { user, userId: 'u2', now: at(3000) }));
    ok(reserve(store, { user, now: new Date('2025-03-01T10:01:00.000Z') }));
  });

  it('limits a department across its users, separately from other departments', () => {
    const dept = { requestsPerMinute: 3, tokensPerDay: 1e9 };
    ok(reserve(store, { dept, userId: 'a' }));
    ok(reserve(store, { dept, userId: 'b' }));
    ok(reserve(store, { dept, userId: 'c' }));
    const refused = reserve(store, { dept, userId: 'd', now: at(39_000) });
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1, reason: 'department fehd has used its 3 requests for this minute' });
    ok(reserve(store, { dept, userId: 'd', department: 'hyd' }));
  });

  it('does not count refused requests', () => {
    const user = { requestsPerMinute: 1, tokensPerDay: 1e9 };
    ok(reserve(store, { user }));
    for (let i = 0; i < 5; i++) expect(reserve(store, { user }).ok).toBe(false);
    ok(reserve(store, { user, now: at(60_000) }));
  });
});

describe('tokens per day (Hong Kong day)', () => {
  it('limits a user, with Retry-After until Hong Kong midnight', () => {
    const user = { requestsPerMinute: 100, tokensPerDay: 1000 };
    ok(reserve(store, { user, tokens: 600 }));
    const refused = reserve(store, { user, tokens: 500 });
    // 18:00:20.5 HK → midnight is 5 h 59 min 39.5 s away
    expect(refused).toEqual({
      ok: false,
      retryAfterSeconds: 6 * 3600 - 20,
      reason: 'user u1 has 400 of its 1000 tokens for today left, and this request may use up to 500 (the day resets at midnight Hong Kong time)',
    });
    ok(reserve(store, { user, tokens: 400 }));
    expect(reserve(store, { user, tokens: 0 })).toMatchObject({ ok: true });
    expect(reserve(store, { user, tokens: 1 })).toMatchObject({ ok: false, reason: 'user u1 has used its 1000 tokens for today (the day resets at midnight Hong Kong time)' });
  });

  it('limits a department across its users', () => {
    const dept = { requestsPerMinute: 100, tokensPerDay: 200_000 };
    ok(reserve(store, { dept, userId: 'a', tokens: 150_000 }));
    ok(reserve(store, { dept, userId: 'b', tokens: 50_000 }));
    expect(reserve(store, { dept, userId: 'c', tokens: 10 })).toEqual({
      ok: false,
      retryAfterSeconds: 6 * 3600 - 20,
      reason: 'department fehd has used its 200000 tokens for today (the day resets at midnight Hong Kong time)',
    });
    ok(reserve(store, { dept, userId: 'c', department: 'hyd', tokens: 10 }));
  });

  it('explains a request larger than the whole budget', () => {
    const refused = reserve(store, { user: { requestsPerMinute: 10, tokensPerDay: 100 }, tokens: 101 });
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/may use up to 101 tokens, more than user u1's whole daily budget of 100/) });
  });

  it('rolls over at Hong Kong midnight, not UTC midnight', () => {
    const user = { requestsPerMinute: 100, tokensPerDay: 100 };
    // (settled: an open reservation would expire as stale after 15 minutes)
    store.quotas.reconcile(ok(reserve(store, { user, tokens: 100, now: new Date('2025-03-01T15:00:00Z') })), 100);
    expect(reserve(store, { user, tokens: 1, now: new Date('2025-03-01T15:59:59.200Z') })).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    store.quotas.reconcile(ok(reserve(store, { user, tokens: 100, now: new Date('2025-03-01T16:00:00Z') })), 100);
    // still the same Hong Kong day at UTC midnight
    expect(reserve(store, { user, tokens: 1, now: new Date('2025-03-02T00:00:00Z') })).toMatchObject({ ok: false, retryAfterSeconds: 16 * 3600 });
  });

  it('reports every blocking budget, with the longest wait', () => {
    const refused = reserve(store, { user: { requestsPerMinute: 0, tokensPerDay: 1e9 }, dept: { requestsPerMinute: 100, tokensPerDay: 10 }, tokens: 20 });
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 6 * 3600 - 20 });
    expect(!refused.ok && refused.reason.split('; ')).toEqual([
      'user u1 has used its 0 requests for this minute',
      "this request may use up to 20 tokens, more than department fehd's whole daily budget of 10 (the day resets at midnight Hong Kong time)",
    ]);
  });
});

describe('reconcile, release and stale reservations', () => {
  const user = { requestsPerMinute: 100, tokensPerDay: 1500 };
  const dept = { requestsPerMinute: 100, tokensPerDay: 1500 };

  it('reconcile replaces the reserved tokens with the actual ones, for user and department', () => {
    const r = ok(reserve(store, { user, dept, tokens: 1000 }));
    expect(reserve(store, { user, dept, tokens: 600 }).ok).toBe(false);
    store.quotas.reconcile(r, 100);
    ok(reserve(store, { user, dept, tokens: 1400 }));
    expect(reserve(store, { userId: 'u2', user, dept, tokens: 1 }).ok).toBe(false);
    // settling twice changes nothing
    store.quotas.reconcile(r, 0);
    store.quotas.release(r);
    expect(reserve(store, { user, dept, tokens: 1 }).ok).toBe(false);
  });

  it('reconcile may charge more than was reserved', () => {
    const r = ok(reserve(store, { user, tokens: 100 }));
    store.quotas.reconcile(r, 1200);
    expect(reserve(store, { user, tokens: 301 }).ok).toBe(false);
    ok(reserve(store, { user, tokens: 300 }));
  });

  it('release returns the tokens but the request still counts', () => {
    const limits = { requestsPerMinute: 2, tokensPerDay: 1000 };
    const r = ok(reserve(store, { user: limits, tokens: 1000 }));
    store.quotas.release(r);
    ok(reserve(store, { user: limits, tokens: 1000 }));
    expect(reserve(store, { user: limits, tokens: 0 })).toMatchObject({ ok: false, reason: 'user u1 has used its 2 requests for this minute' });
  });

  it('expires reservations whose process died, and still charges them if they end later', () => {
    store.close();
    store = openSqliteStore(tmp.file(`quotas-${++n}.db`), { staleAfterMinutes: 10 });
    const limits = { requestsPerMinute: 100, tokensPerDay: 1000 };
    const lost = ok(reserve(store, { user: limits, tokens: 1000 }));
    expect(reserve(store, { user: limits, tokens: 1, now: at(9 * 60_000) }).ok).toBe(false);
    ok(reserve(store, { user: limits, tokens: 900, now: at(10 * 60_000 + 61_000) }));
    // the lost request did finish after all, having used 50 tokens
    store.quotas.reconcile(lost, 50);
    ok(reserve(store, { user: limits, tokens: 50, now: at(11 * 60_000 + 1000) }));
    expect(reserve(store, { user: limits, tokens: 1, now: at(11 * 60_000 + 2000) }).ok).toBe(false);
  });

  it('ignores unknown reservations', () => {
    expect(() => store.quotas.reconcile({ id: 'nope' }, 5)).not.toThrow();
    expect(() => store.quotas.release({ id: 'nope' })).not.toThrow();
  });

  it('rejects invalid token counts', () => {
    expect(() => reserve(store, { tokens: -1 })).toThrow(/non-negative integer/);
    expect(() => reserve(store, { tokens: 1.5 })).toThrow(/non-negative integer/);
    expect(() => store.quotas.reconcile({ id: 'x' }, Number.NaN)).toThrow(/actualTokens/);
  });

  it('keeps counters for the current windows only (old minutes are swept)', () => {
    ok(reserve(store, { now: T0 }));
    ok(reserve(store, { now: at(5 * 60_000) }));
    raw(store.path, (db) => {
      const minutes = db.prepare<[], { window_start: number }>('SELECT DISTINCT window_start FROM quota_minute').pluck().all();
      expect(minutes).toEqual([Math.floor(at(5 * 60_000).getTime() / 60_000) * 60]);
    });
  });
});

describe('races at the edge of a budget', () => {
  it('admits exactly one of two reservations that only fit one at a time, from two stores on one file', () => {
    const file = tmp.file('race.db');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    try {
      for (let round = 0; round < 20; round++) {
        const department = `dept-${round}`;
        const dept = { requestsPerMinute: 1000, tokensPerDay: 1000 };
        ok(reserve(a, { department, dept, userId: 'earlier', tokens: 600 }));
        const [first, second] = round % 2 ? [b, a] : [a, b];
        const results = [reserve(first, { department, dept, userId: 'x', tokens: 300 }), reserve(second, { department, dept, userId: 'y', tokens: 300 })];
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results[1]).toMatchObject({ ok: false, reason: expect.stringMatching(/department dept-\d+ has 100 of its 1000 tokens for today left/) });
      }
      // alternating small reservations never overspend
      const dept = { requestsPerMinute: 10_000, tokensPerDay: 1000 };
      let admitted = 0;
      for (let i = 0; i < 400; i++) if (reserve(i % 2 ? a : b, { department: 'shared', userId: `u${i}`, dept, tokens: 7 }).ok) admitted++;
      expect(admitted).toBe(Math.floor(1000 / 7));
    } finally {
      a.close();
      b.close();
    }
  });

  it('never overspends with truly concurrent writers (worker threads, one connection each)', async () => {
    const file = tmp.file('race-workers.db');
    openSqliteStore(file).close(); // migrate once up front
    const barrier = new SharedArrayBuffer(8);
    new Int32Array(barrier)[1] = 2;
    const limits = { user: BIG, department: { requestsPerMinute: 100_000, tokensPerDay: 1000 } };
    const run = (id: number) =>
      new Promise<{ admitted: number; refused: number }>((resolve, reject) => {
        const w = new Worker(join(__dirname, 'fixtures/worker.js'), { workerData: { file, task: 'reserve', n: 150, tokens: 10, limits, now: T0.getTime(), barrier, id } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    const results = await Promise.all([run(1), run(2)]);
    expect(results[0].admitted + results[1].admitted).toBe(100);
    expect(results[0].refused + results[1].refused).toBe(200);
    raw(file, (db) => {
      expect(db.prepare("SELECT tokens FROM quota_day WHERE scope = 'department' AND subject = 'race'").pluck().get()).toBe(1000);
    });
  });
});
