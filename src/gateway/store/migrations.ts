import type Database from 'better-sqlite3';

/**
 * Versioned schema migrations of the embedded store. Append new ones at the end with the next version;
 * never edit one that has shipped. Each runs once, in its own IMMEDIATE transaction together with the row
 * that records it, so two processes starting on the same file cannot both apply it.
 */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit trail',
    up: `
      CREATE TABLE audit (
        seq               INTEGER PRIMARY KEY,
        time              TEXT    NOT NULL,
        user_id           TEXT    NOT NULL,
        department        TEXT    NOT NULL,
        endpoint          TEXT    NOT NULL,
        template          TEXT,
        model             TEXT,
        provider          TEXT,
        classification    TEXT    NOT NULL,
        redactions        INTEGER NOT NULL,
        prompt_tokens     INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        outcome           TEXT    NOT NULL,
        status            INTEGER NOT NULL,
        latency_ms        REAL    NOT NULL,
        request_hash      TEXT    NOT NULL,
        response_hash     TEXT    NOT NULL,
        -- covered by the chain: the digest of the kept text and when it expires
        text_hash         TEXT,
        text_expires_at   TEXT,
        -- not covered by the chain (only through text_hash): purged at expiry
        text_request      TEXT,
        text_response     TEXT,
        prev_hash         TEXT    NOT NULL,
        hash              TEXT    NOT NULL
      );
      CREATE INDEX audit_kept_text ON audit (text_expires_at) WHERE text_request IS NOT NULL OR text_response IS NOT NULL;
      -- The newest link, written in the same transaction as every append: deleting the newest records
      -- (which leaves a perfectly valid shorter chain) is caught by comparing the chain with this row.
      CREATE TABLE audit_head (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        seq  INTEGER NOT NULL,
        hash TEXT    NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
    `,
  },
  {
    version: 2,
    name: 'quotas',
    up: `
      -- requests per fixed 60 s window, keyed by the window's start (epoch seconds)
      CREATE TABLE quota_minute (
        scope        TEXT    NOT NULL,  -- 'user' | 'department'
        subject      TEXT    NOT NULL,
        window_start INTEGER NOT NULL,
        requests     INTEGER NOT NULL,
        PRIMARY KEY (scope, subject, window_start)
      ) WITHOUT ROWID;
      -- tokens per Hong Kong calendar day (YYYY-MM-DD, Asia/Hong_Kong)
      CREATE TABLE quota_day (
        scope   TEXT    NOT NULL,
        subject TEXT    NOT NULL,
        day     TEXT    NOT NULL,
        tokens  INTEGER NOT NULL,
        PRIMARY KEY (scope, subject, day)
      ) WITHOUT ROWID;
      -- open reservations: deleted when reconciled or released; 'expired' when their process never came back
      CREATE TABLE quota_reservation (
        id         TEXT    PRIMARY KEY,
        user_id    TEXT    NOT NULL,
        department TEXT    NOT NULL,
        day        TEXT    NOT NULL,
        tokens     INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        state      TEXT    NOT NULL CHECK (state IN ('reserved', 'expired'))
      ) WITHOUT ROWID;
      CREATE INDEX quota_reservation_age ON quota_reservation (state, created_ms);
    `,
  },
  {
    version: 3,
    name: 'audit record version 2',
    // Existing rows stay version 1 (their canonical form has none of these fields: audit/chain.ts), so an
    // upgraded trail still verifies; the gateway writes version 2 from now on.
    up: `
      ALTER TABLE audit ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE audit ADD COLUMN request_id    TEXT;
      ALTER TABLE audit ADD COLUMN ip            TEXT;
      ALTER TABLE audit ADD COLUMN tenant        TEXT;
      ALTER TABLE audit ADD COLUMN caller_kind   TEXT    NOT NULL DEFAULT 'none';
      ALTER TABLE audit ADD COLUMN suppressed    INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE audit ADD COLUMN hash_key_id   TEXT;
      CREATE INDEX audit_request_id ON audit (request_id) WHERE request_id IS NOT NULL;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Brings the database to the newest schema. Returns the versions it went from and to. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name}: version ${m.version} out of order (expected ${i + 1})`);
  });
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const current = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  const record = db.prepare<[number, string, string]>('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  return db
    .transaction(() => {
      const from = current.get()?.v ?? 0;
      if (from > latest) throw new Error(`the database's schema is version ${from}, newer than this version of Wenshu knows (${latest}): upgrade Wenshu`);
      for (const m of migrations) {
        if (m.version <= from) continue;
        db.exec(m.up);
        record.run(m.version, m.name, new Date().toISOString());
      }
      return { from, to: latest };
    })
    .immediate();
}
