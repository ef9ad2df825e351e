import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAuditLog } from '../audit/sqlite-audit';
import type { Store } from '../types';
import { migrate } from './migrations';
import { SqliteQuotaStore, type SqliteQuotaOptions } from './sqlite-quotas';

export interface SqliteStoreOptions extends SqliteQuotaOptions {
  /** How long a statement waits for another connection's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** FULL (default): durable commits. NORMAL only for throwaway stores (e.g. a benchmark's comparison run). */
  synchronous?: 'FULL' | 'NORMAL';
}

export interface SqliteStore extends Store {
  readonly audit: SqliteAuditLog;
  readonly quotas: SqliteQuotaStore;
  readonly path: string;
}

/**
 * The embedded store: one SQLite file (the caller chooses it; ./data/wenshu.db by default) holding the audit
 * trail and the quota counters. Several processes may open the same file: every write that must be atomic
 * (audit append, quota reserve/settle) runs in an IMMEDIATE transaction.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    // WAL: readers (verify, list) never block the writer, and a commit is one sequential append to the log.
    db.pragma('journal_mode = WAL');
    // synchronous=FULL: every commit is fsynced to the WAL before it returns. The audit trail fails closed (an
    // answer is sent only after its record committed: audit/trail.ts), and that promise is only worth what the
    // commit is: with NORMAL a power loss or OS crash could roll back the last commits, i.e. lose records of
    // calls already answered. The cost is one fsync per write-behind batch (one per event-loop turn, shared by
    // all the calls that ended in it), measured by `npm run bench:gateway`.
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const audit = new SqliteAuditLog(db);
  const quotas = new SqliteQuotaStore(db, options);
  const batch = db.transaction((work: () => unknown) => work());
  return {
    audit,
    quotas,
    path: file,
    batch: <T>(work: () => T): T => batch.immediate(work) as T,
    close() {
      if (!db.open) return;
      try {
        // Fold the WAL back into the database file so that it is complete on its own (backups, read-only
        // verification). Returns busy without waiting if another connection is still reading.
        if (!memory) db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
  };
}
