import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../../src/gateway/store/migrations';
import { openSqliteStore } from '../../../src/gateway/store/sqlite';
import { auditInput, raw, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('openSqliteStore', () => {
  it('creates the parent directory, uses WAL with synchronous=FULL, and migrates', () => {
    const file = join(tmp.dir, 'nested', 'data', 'wenshu.db');
    const store = openSqliteStore(file);
    expect(store.path).toBe(file);
    store.audit.append(auditInput(1));
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
    store.close();
  });

  it('sets synchronous=FULL on its own connection (durable commits: the audit trail fails closed)', () => {
    // The pragma is per connection and the store's connection is private, so watch what it sets.
    const file = tmp.file('sync.db');
    const store = openSqliteStore(file);
    const spy = jest.spyOn(Database.prototype, 'pragma');
    const again = openSqliteStore(file);
    expect(spy.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['journal_mode = WAL', 'synchronous = FULL']));
    spy.mockRestore();
    again.close();
    store.close();
  });

  it('close() checkpoints the WAL into the database file', () => {
    const file = tmp.file('checkpoint.db');
    const store = openSqliteStore(file);
    for (let i = 0; i < 200; i++) store.audit.append(auditInput(i));
    store.close();
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    store.close(); // idempotent
  });

  it('works in memory', () => {
    const store = openSqliteStore(':memory:');
    store.audit.append(auditInput(1));
    expect(store.audit.verify()).toEqual({ ok: true, count: 1 });
    store.close();
  });

  it('applies each migration once, also when reopened', () => {
    const file = tmp.file('migrate.db');
    openSqliteStore(file).close();
    openSqliteStore(file).close();
    raw(file, (db) => {
      expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(SCHEMA_VERSION);
      expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    });
  });

  it('applies only pending migrations', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual({ from: 0, to: 1 });
    expect(migrate(db)).toEqual({ from: 1, to: SCHEMA_VERSION });
    db.close();
  });

  it('refuses a database from a newer version of Wenshu, and migrations out of order', () => {
    const file = tmp.file('newer.db');
    openSqliteStore(file).close();
    raw(file, (db) => db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')").run());
    expect(() => openSqliteStore(file)).toThrow(/schema is version 99, newer than this version of Wenshu knows/);
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, name: 'x', up: '' }])).toThrow(/out of order/);
    db.close();
  });
});

describe('concurrent appenders', () => {
  it('alternating appends from two stores on one file make one chain', () => {
    const file = tmp.file('two-appenders.db');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    for (let i = 1; i <= 100; i++) expect((i % 2 ? a : b).audit.append(auditInput(i)).seq).toBe(i);
    expect(a.audit.verify()).toEqual({ ok: true, count: 100 });
    a.close();
    b.close();
  });

  it('truly concurrent appends (worker threads) never fork the chain', async () => {
    const file = tmp.file('workers.db');
    openSqliteStore(file).close();
    const barrier = new SharedArrayBuffer(8);
    new Int32Array(barrier)[1] = 2;
    const run = (id: number) =>
      new Promise<{ admitted: number }>((resolve, reject) => {
        const w = new Worker(join(__dirname, 'fixtures/worker.js'), { workerData: { file, task: 'append', n: 200, barrier, id } });
        w.once('message', resolve);
        w.once('error', reject);
      });
    await Promise.all([run(1), run(2)]);
    const store = openSqliteStore(file);
    expect(store.audit.verify()).toEqual({ ok: true, count: 400 });
    const users = store.audit.list({ limit: 400 }).map((r) => r.userId);
    expect(new Set(users)).toEqual(new Set(['worker-1', 'worker-2']));
    store.close();
  });
});
