/**
 * The audit trail in PostgreSQL: ONE hash chain for the whole deployment, appended by every replica.
 *
 * Serialising appends — the choice and why: every append transaction locks the single `audit_head` row
 * (SELECT ... FOR UPDATE), chains its records onto that head, inserts them and moves the head, then commits.
 * A second replica's transaction waits on the row lock and then reads the NEW head, so two replicas can never
 * chain onto the same record (no forks, no merge rule needed, and `seq` stays dense and gap-free). A row lock,
 * rather than an advisory lock, because it belongs to the transaction: it is released by COMMIT, by ROLLBACK,
 * and by PostgreSQL itself when a replica dies (SIGKILL, lost machine) mid-transaction — the half-written batch
 * is rolled back whole, and the head still names the last committed record.
 *
 * Write-behind batching as in the embedded store: `append` queues the record and returns a promise; one
 * transaction at a time per replica takes everything queued meanwhile (up to MAX_BATCH) — one lock, one
 * multi-row INSERT and one commit for many calls. While PostgreSQL cannot be written the records stay queued
 * and are retried with backoff; `failing` says why, the store's health (readiness) reports it, and the gateway
 * refuses model calls meanwhile (an unaudited call is never made).
 *
 * The hashing is audit/chain.ts's, unchanged, so the same inputs give the same hashes as in SQLite: a trail's
 * records can be compared or moved between the two stores.
 */
import type { Pool, PoolClient } from 'pg';
import { chainHash, GENESIS_HASH, normaliseInput, textDigest, type ChainedFields } from '../audit/chain';
import type { AuditInput, AuditRecord, AuditVerification } from '../types';
import type { AuditBackend } from './types';

const MAX_BATCH = 500;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface AuditHead {
  seq: number;
  hash: string;
}

interface Pending {
  input: AuditInput;
  fields: Omit<ChainedFields, 'seq'>;
  text: { request: string; response: string } | null;
  resolve(record: AuditRecord): void;
  reject(err: Error): void;
}

interface AuditRow {
  seq: string;
  fields: Omit<ChainedFields, 'seq'>;
  text_request: string | null;
  text_response: string | null;
  prev_hash: string;
  hash: string;
}

/** Values a record shows by leaving the field out (as the SQLite store lists them). */
const DEFAULTS: Record<string, unknown> = { suppressed: 0, callerKind: 'none' };

/** The record as the API shows it: the chained fields without nulls (as the SQLite store lists them). */
export function recordOfRow(row: AuditRow): AuditRecord {
  const { v: _v, textExpiresAt, textHash, ...rest } = row.fields as ChainedFields;
  const r: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(rest)) {
    if (value === null || value === undefined || DEFAULTS[k] === value) continue;
    r[k] = value;
  }
  r.seq = Number(row.seq);
  r.prevHash = row.prev_hash;
  r.hash = row.hash;
  if (textHash) r.textHash = textHash;
  if (row.text_request !== null && row.text_response !== null && textExpiresAt) r.text = { request: row.text_request, response: row.text_response, expiresAt: textExpiresAt };
  return r as unknown as AuditRecord;
}

export class PostgresAuditLog implements AuditBackend {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private retryMs = RETRY_MIN_MS;
  private closed = false;
  /** Set by the store until PostgreSQL is reached and migrated: appends are refused meanwhile. */
  unavailable: string | undefined = 'connecting to PostgreSQL';
  /** Why the last write failed, while records wait to be retried. */
  failing: string | undefined;

  constructor(
    private readonly pool: Pool,
    /** Which replica this is, as recorded beside each record it writes. */
    readonly replica: string,
  ) {}

  /** Records queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  append(input: AuditInput): Promise<AuditRecord> {
    if (this.closed) throw new Error('the audit trail is closed');
    // Before the schema is there (PostgreSQL not reached yet) nothing can be written: refused at once, so a caller
    // that waits for the commit fails closed now instead of waiting for a server that may never come.
    if (this.unavailable) throw new Error(`the audit trail is unavailable: ${this.unavailable}`);
    // Validated now, so a bad record fails its caller at once and never holds up a batch.
    // Thrown, not rejected, like the embedded store: a caller that does not await still sees a bad record.
    const normalised = normaliseInput(input);
    const p = new Promise<AuditRecord>((resolve, reject) => this.queue.push({ input, fields: normalised.fields, text: normalised.text, resolve, reject }));
    // While writes are failing, the retry timer (run) takes this record with the rest.
    if (!this.failing) this.kick();
    return handled(p);
  }

  /** Resolves when everything queued so far is committed (or, after `timeoutMs`, rejects with what is left). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.queue.length || this.running) {
      if (Date.now() > until) throw new Error(`${this.queue.length} audit records could not be written to PostgreSQL: ${this.failing ?? 'timed out'}`);
      await (this.running ?? new Promise((r) => setTimeout(r, 20)));
    }
  }

  close(): void {
    this.closed = true;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.queue.length && !this.failing) this.kick();
    });
  }

  private async run(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.slice(0, MAX_BATCH);
      try {
        const records = await this.commit(batch);
        this.queue.splice(0, batch.length);
        this.failing = undefined;
        this.retryMs = RETRY_MIN_MS;
        batch.forEach((p, i) => p.resolve(records[i]));
      } catch (err) {
        // Nothing of the batch was committed (one transaction): keep it queued, in order, and retry.
        this.failing = (err as Error).message;
        const wait = this.retryMs;
        this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
        setTimeout(() => this.kick(), wait).unref();
        return;
      }
    }
  }

  private async commit(batch: Pending[]): Promise<AuditRecord[]> {
    const client = await this.pool.connect();
    const onError = guardClient(client);
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
      if (!rows.length) throw new Error('the audit head row is missing: the audit database was tampered with (run `wenshu audit verify --postgres URL`)');
      let seq = Number(rows[0].seq);
      let prev = rows[0].hash;
      const values: unknown[] = [];
      const tuples: string[] = [];
      const records: AuditRecord[] = [];
      for (const p of batch) {
        seq += 1;
        const fields: ChainedFields = { ...p.fields, seq } as ChainedFields;
        const hash = chainHash(prev, fields);
        const { seq: _s, ...stored } = fields;
        const n = values.length;
        tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8})`);
        values.push(seq, JSON.stringify(stored), p.text?.request ?? null, p.text?.response ?? null, fields.textExpiresAt, prev, hash, this.replica);
        const record: AuditRecord = { ...p.input, seq, prevHash: prev, hash };
        if (fields.textHash) {
          record.textHash = fields.textHash;
          record.text = { request: p.text!.request, response: p.text!.response, expiresAt: fields.textExpiresAt! };
        }
        records.push(record);
        prev = hash;
      }
      await client.query(`INSERT INTO audit (seq, fields, text_request, text_response, text_expires_at, prev_hash, hash, replica) VALUES ${tuples.join(', ')}`, values);
      await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prev]);
      await client.query('COMMIT');
      return records;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', onError);
      client.release();
    }
  }

  async head(): Promise<AuditHead> {
    const { rows } = await this.pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
    if (!rows.length) throw new Error('the audit head row is missing');
    return { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  async list(options: { after?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const after = Math.max(0, Math.floor(options.after ?? 0));
    const limit = Math.min(10_000, Math.max(1, Math.floor(options.limit ?? 100)));
    const { rows } = await this.pool.query<AuditRow>('SELECT seq, fields, text_request, text_response, prev_hash, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2', [after, limit]);
    return rows.map(recordOfRow);
  }

  purgeExpiredText(now: Date): Promise<number> {
    return handled(
      this.pool
        .query('UPDATE audit SET text_request = NULL, text_response = NULL WHERE (text_request IS NOT NULL OR text_response IS NOT NULL) AND text_expires_at <= $1', [now])
        .then((r) => r.rowCount ?? 0),
    );
  }

  async verify(): Promise<AuditVerification> {
    const { head: _h, ...result } = await verifyPostgresChain(this.pool);
    return result as AuditVerification;
  }
}

export type PostgresVerification = AuditVerification & { head?: AuditHead };

/**
 * Walks the whole chain in seq order inside one REPEATABLE READ transaction (a consistent snapshot while the
 * replicas go on appending), a page at a time, and reports the first broken sequence.
 * `expect`: a head exported earlier; the trail must still contain that record with that hash.
 */
export async function verifyPostgresChain(pool: Pool, expect?: AuditHead): Promise<PostgresVerification> {
  const client = await pool.connect();
  const onError = guardClient(client);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      return await walk(client, expect);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    client.off('error', onError);
    client.release();
  }
}

/**
 * Marks a promise as observed, so that a caller written for the synchronous store, which does not await it,
 * cannot crash the process with an unhandled rejection; a caller that awaits it still gets the error.
 */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * A checked-out connection that breaks (server stopped) emits 'error' besides failing its query; without a
 * listener that event would crash the process. The failed query is what reports it.
 */
function guardClient(client: PoolClient): () => void {
  const onError = () => undefined;
  client.on('error', onError);
  return onError;
}

const PAGE = 2_000;

async function walk(client: PoolClient, expect?: AuditHead): Promise<PostgresVerification> {
  const headRows = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1')).rows;
  const head = headRows.length ? { seq: Number(headRows[0].seq), hash: headRows[0].hash } : undefined;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const broken = (brokenAt: number, reason: string): PostgresVerification => ({ ok: false, count, brokenAt, reason, head });
  for (;;) {
    const { rows } = await client.query<AuditRow>('SELECT seq, fields, text_request, text_response, prev_hash, hash FROM audit WHERE seq >= $1 ORDER BY seq LIMIT $2', [expectedSeq, PAGE]);
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return broken(expectedSeq, expectedSeq === 1 ? `record 1 is missing: the trail starts at ${seq} (records were deleted)` : `record ${expectedSeq} is missing: the sequence jumps from ${expectedSeq - 1} to ${seq} (records were deleted)`);
      }
      if (row.prev_hash !== prevHash) {
        return broken(seq, `record ${seq} does not follow record ${seq - 1}: its previous hash is not that record's hash (a record was deleted, replaced or reordered, or record ${seq - 1} was altered and re-hashed)`);
      }
      if (row.text_request !== null || row.text_response !== null) {
        const digest = row.text_request !== null && row.text_response !== null ? textDigest({ request: row.text_request, response: row.text_response }) : null;
        if (digest !== row.fields.textHash) return broken(seq, `the kept text of record ${seq} was altered: it does not match the digest the chain covers`);
      }
      let computed: string;
      try {
        computed = chainHash(row.prev_hash, { ...row.fields, seq } as ChainedFields);
      } catch (err) {
        return broken(seq, `record ${seq} cannot be read: ${(err as Error).message}`);
      }
      if (computed !== row.hash) return broken(seq, `record ${seq} does not match its hash: the record or its hash was edited`);
      if (expect && seq === expect.seq && row.hash !== expect.hash) return broken(seq, `record ${seq} does not match the exported head hash: the chain up to ${seq} was rewritten`);
      count++;
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  const last = expectedSeq - 1;
  if (!head) return broken(Math.max(last, 1), 'the audit head row is missing (it was deleted)');
  if (head.seq > last) {
    const what = head.seq === last + 1 ? `record ${head.seq} is missing` : `records ${last + 1} to ${head.seq} are missing`;
    return broken(last + 1, `${what}: the audit head says the trail ends at ${head.seq}, but it ends at ${last} (the newest records were deleted)`);
  }
  if (head.seq < last) return broken(head.seq + 1, `record ${head.seq + 1} is not covered by the audit head, which says the trail ends at ${head.seq} (records were added outside the gateway)`);
  if (head.hash !== prevHash) return broken(last, `the hash of record ${last} does not match the audit head: the chain was rewritten (records edited and re-hashed)`);
  if (expect && expect.seq > last) return broken(last + 1, `the exported head names record ${expect.seq}, but the trail ends at ${last} (records were deleted)`);
  return { ok: true, count, head };
}
