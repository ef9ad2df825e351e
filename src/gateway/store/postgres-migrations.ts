/**
 * Versioned schema migrations of the shared PostgreSQL store, run by every replica at start.
 *
 * Safe when several replicas start at once: the whole run holds a session-level advisory lock, so one replica
 * applies the pending migrations while the others wait, then find nothing left to do. Each migration runs in
 * its own transaction together with the row that records it, so a replica killed half-way leaves either the
 * migration and its row or neither (PostgreSQL DDL is transactional), and the advisory lock dies with its
 * connection. Append new migrations at the end with the next version; never edit one that has shipped.
 */
import type { Pool, PoolClient } from 'pg';
import { GENESIS_HASH } from '../audit/chain';

export interface PgMigration {
  version: number;
  name: string;
  up: string;
}

/** The advisory lock key: any fixed 64-bit number; this one is "wenshu" in ASCII. */
export const MIGRATION_LOCK_KEY = '131060043052405';

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'audit trail',
    up: `
      CREATE TABLE audit (
        seq             BIGINT      PRIMARY KEY,
        -- exactly the fields the chain covers except seq (audit/chain.ts ChainedFields, with its version v),
        -- as they were hashed. json (not jsonb) keeps the text as written; the hash is over canonical(), so the
        -- stored key order does not matter. New record fields (chain versions) need no new column here.
        fields          JSON        NOT NULL,
        -- the kept text: not covered by the chain (only through fields.textHash), purged at expiry
        text_request    TEXT,
        text_response   TEXT,
        -- a copy of fields.textExpiresAt for the purge to find expired text by index
        text_expires_at TIMESTAMPTZ,
        prev_hash       TEXT        NOT NULL,
        hash            TEXT        NOT NULL,
        -- which replica wrote the record and when it was committed (diagnostics, not chained)
        replica         TEXT        NOT NULL,
        committed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_kept_text ON audit (text_expires_at) WHERE text_request IS NOT NULL OR text_response IS NOT NULL;
      -- The newest link. Every append locks this row (SELECT ... FOR UPDATE) and updates it in the same
      -- transaction: appends from all replicas are serialised on it, so the chain can never fork, and deleting
      -- the newest records is caught by comparing the chain's end with it.
      CREATE TABLE audit_head (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        seq  BIGINT  NOT NULL,
        hash TEXT    NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${GENESIS_HASH}');
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;

/** Brings the database to the newest schema under the advisory lock; returns the versions it went from and to. */
export async function migratePostgres(pool: Pool, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<{ from: number; to: number; applied: number[] }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name}: version ${m.version} out of order (expected ${i + 1})`);
  });
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  const client = await pool.connect();
  // A connection that breaks mid-migration also emits 'error'; the failed query reports it.
  const onError = () => undefined;
  client.on('error', onError);
  let locked = false;
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    locked = true;
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER     PRIMARY KEY,
      name       TEXT        NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const from = await currentVersion(client);
    if (from > latest) throw new Error(`the database's schema is version ${from}, newer than this version of Wenshu knows (${latest}): upgrade Wenshu`);
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.up);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
      applied.push(m.version);
    }
    return { from, to: latest, applied };
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.off('error', onError);
    client.release();
  }
}

async function currentVersion(client: PoolClient): Promise<number> {
  const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}
