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
    // synchronous=NORMAL is safe with WAL: a commit survives a crash of the process, and the database can never
    // be corrupted; only a power loss or OS crash may roll back the last few commits (they were not yet fsynced
    // to the WAL). That costs no integrity — the audit head is written in the same transaction as its record,
    // so the chain stays consistent — and it takes the fsync off every request, which the gateway's added-latency
    // target (p50 <= 1 ms) needs. FULL would fsync on every commit.
    db.pragma('synchronous = NORMAL');
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
