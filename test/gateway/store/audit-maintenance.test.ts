/**
 * The audit trail's schedule with an injected clock (nothing sleeps): kept text purged at start and every
 * hour (issue 9: "purgeExpiredText has no caller, so a 30-day policy keeps text for ever"), signed
 * checkpoints on their interval (only when the head moved, never of a broken chain), refusal summaries.
 * Real SQLite files in a temp dir.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { generateCheckpointKeys, parseCheckpoint, signatureValid } from '../../../src/gateway/audit/checkpoint';
import { startMaintenance, type Clock } from '../../../src/gateway/audit/maintenance';
import { RefusalLimiter } from '../../../src/gateway/audit/refusals';
import { openSqliteStore, type SqliteStore } from '../../../src/gateway/store/sqlite';
import { auditInput, raw, tempDir } from './helpers';

/** A clock the test moves; `every` callbacks run when their time comes. */
class FakeClock implements Clock {
  private t: number;
  private readonly timers: Array<{ at: number; ms: number; fn: () => void; live: boolean }> = [];
  constructor(start: string) {
    this.t = Date.parse(start);
  }
  now() {
    return new Date(this.t);
  }
  every(ms: number, fn: () => void) {
    const timer = { at: this.t + ms, ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }
  get live() {
    return this.timers.filter((t) => t.live).length;
  }
  /** Moves time on, firing each timer as often as it falls due, then lets their promises settle. */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.t = due.at;
      due.at += due.ms;
      due.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}

const tmp = tempDir();
let store: SqliteStore;
afterEach(() => store?.close());
afterAll(() => tmp.cleanup());

const report = () => {
  const lines: string[] = [];
  return { lines, info: (o: object, m: string) => lines.push(`${m} ${JSON.stringify(o)}`), error: (o: object, m: string) => lines.push(`ERROR ${m} ${JSON.stringify(o)}`) };
};
const kept = (expiresAt: string) => ({ request: '{"q":"[HKID-1]"}', response: 'reply', expiresAt });
const keptCount = (s: SqliteStore) => s.audit.list({ limit: 1000 }).filter((r) => r.text).length;

describe('retention: scheduled purge of kept text', () => {
  it('purges expired kept text at start, then every hour as the clock passes each expiry; hashes stay and the chain verifies', async () => {
    store = openSqliteStore(tmp.file('purge.db'));
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    store.audit.append(auditInput(1, { text: kept('2026-02-28T00:00:00Z') })); // already expired at start
    store.audit.append(auditInput(2, { text: kept('2026-03-01T00:30:00Z') })); // expires in the first hour
    store.audit.append(auditInput(3, { text: kept('2026-03-31T00:00:00Z') })); // 30 days
    store.audit.append(auditInput(4));
    const r = report();
    const m = startMaintenance({ log: store.audit, clock, report: r, purgeEveryMs: 3_600_000 });
    await new Promise((res) => setImmediate(res));
    expect(keptCount(store)).toBe(2);
    await clock.advance(59 * 60_000);
    expect(keptCount(store)).toBe(2); // not yet an hour: no purge ran
    await clock.advance(60_000);
    expect(keptCount(store)).toBe(1);
    await clock.advance(29 * 24 * 3_600_000);
    expect(keptCount(store)).toBe(1);
    await clock.advance(24 * 3_600_000);
    expect(keptCount(store)).toBe(0);
    const list = store.audit.list({ limit: 10 });
    expect(list.filter((x) => x.textHash)).toHaveLength(3);
    expect(store.audit.verify()).toEqual({ ok: true, count: 4 });
    expect(r.lines.filter((l) => l.startsWith('expired kept text purged'))).toHaveLength(3);
    // Raw text is gone from the file, not only from what list() shows.
    raw(store.path, (db) => expect(db.prepare('SELECT COUNT(*) FROM audit WHERE text_request IS NOT NULL').pluck().get()).toBe(0));
    m.stop();
    expect(clock.live).toBe(0);
  });
});

describe('checkpoints on a schedule', () => {
  it('signs the head every interval when it moved, never when it did not, and not a broken chain', async () => {
    store = openSqliteStore(tmp.file('cp.db'));
    const { privatePem, publicPem } = generateCheckpointKeys();
    const dir = join(tmp.dir, 'cps');
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    const r = report();
    const m = startMaintenance({ log: store.audit, clock, report: r, purgeEveryMs: 3_600_000, checkpoints: { key: createPrivateKey(privatePem), dir, everyMs: 15 * 60_000 } });
    for (let i = 1; i <= 3; i++) store.audit.append(auditInput(i));
    await clock.advance(15 * 60_000);
    await clock.advance(15 * 60_000); // nothing new: no second file
    expect(readdirSync(dir)).toHaveLength(1);
    store.audit.append(auditInput(4));
    await clock.advance(15 * 60_000);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const newest = parseCheckpoint(readFileSync(join(dir, files[1]), 'utf8'), files[1]);
    expect(newest).toMatchObject({ seq: 4, hash: store.audit.head().hash, time: '2026-03-01T00:45:00.000Z' });
    expect(signatureValid(newest, createPublicKey(publicPem))).toBe(true);

    store.audit.append(auditInput(5));
    raw(store.path, (db) => db.prepare("UPDATE audit SET user_id = 'mallory' WHERE seq = 2").run());
    await clock.advance(15 * 60_000);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(r.lines.some((l) => l.startsWith('ERROR audit trail broken: no checkpoint signed'))).toBe(true);
    m.stop();
  });
});

describe('refusal rate limit', () => {
  it('records at most perWindow refusals per source per window and counts the rest into the next record or a summary', () => {
    let t = 0;
    const limiter = new RefusalLimiter({ perWindow: 3, windowMs: 60_000, maxSources: 100 }, () => t);
    const a = Array.from({ length: 10 }, () => limiter.admit('10.0.0.1'));
    expect(a.filter((x) => x.record)).toHaveLength(3);
    expect(limiter.admit('10.0.0.2')).toEqual({ record: true, suppressed: 0, source: '10.0.0.2' });
    t = 60_000;
    expect(limiter.admit('10.0.0.1')).toEqual({ record: true, suppressed: 7, source: '10.0.0.1' });
    for (let i = 0; i < 5; i++) limiter.admit('10.0.0.1');
    t = 120_000;
    expect(limiter.sweep()).toEqual([{ source: '10.0.0.1', suppressed: 3 }]);
    expect(limiter.tracked).toBe(0);
  });

  it('keeps memory bounded: sources beyond maxSources share one bucket', () => {
    const limiter = new RefusalLimiter({ perWindow: 2, windowMs: 60_000, maxSources: 5 }, () => 0);
    const recorded = Array.from({ length: 1000 }, (_, i) => limiter.admit(`10.1.${Math.floor(i / 250)}.${i % 250}`)).filter((x) => x.record);
    expect(limiter.tracked).toBe(6);
    expect(recorded).toHaveLength(5 + 2);
    expect(limiter.sweep(true)).toEqual([{ source: '*', suppressed: 993 }]);
  });
});
