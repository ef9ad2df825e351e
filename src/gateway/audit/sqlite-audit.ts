import type Database from 'better-sqlite3';
import type { AuditInput, AuditLog, AuditRecord, AuditVerification } from '../types';
import { chainHash, GENESIS_HASH, normaliseInput, textDigest, type CallerKind, type ChainedFields, type ChainVersion } from './chain';

/**
 * The audit trail in SQLite (tables `audit` and `audit_head`, see store/migrations.ts).
 *
 * What the chain proves, and what it cannot:
 * - Any edit of a record, deletion (in the middle or of the newest records), insertion or reordering done
 *   through SQL is found by `verify()`, at the first sequence where it shows.
 * - Deleting the newest records leaves a valid shorter chain; that is why `audit_head` (last seq + hash) is
 *   written in the same transaction as every append and compared with the end of the chain.
 * - Someone who can write the whole database file can still rewrite every record, every hash AND the head:
 *   the chain is then self-consistent and nothing inside the file can tell. The defence is outside the file:
 *   export the head (`wenshu audit verify` prints `head seq N hash H`) regularly to somewhere the gateway's
 *   administrators cannot rewrite (central log, WORM storage, a signed e-mail), and check the trail against
 *   it later with `wenshu audit verify --expect N:H`.
 */

/** One row of the `audit` table as SQLite returns it. */
export interface AuditRow {
  seq: number;
  time: string;
  user_id: string;
  department: string;
  endpoint: string;
  template: string | null;
  model: string | null;
  provider: string | null;
  classification: string;
  redactions: number;
  prompt_tokens: number;
  completion_tokens: number;
  outcome: string;
  status: number;
  latency_ms: number;
  request_hash: string;
  response_hash: string;
  text_hash: string | null;
  text_expires_at: string | null;
  text_request: string | null;
  text_response: string | null;
  prev_hash: string;
  hash: string;
  chain_version: number;
  request_id: string | null;
  ip: string | null;
  tenant: string | null;
  caller_kind: string;
  suppressed: number;
  hash_key_id: string | null;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditVerificationWithHead = AuditVerification & { head?: AuditHead };

const COLUMNS =
  'seq, time, user_id, department, endpoint, template, model, provider, classification, redactions, prompt_tokens, completion_tokens, outcome, status, latency_ms, request_hash, response_hash, text_hash, text_expires_at, text_request, text_response, prev_hash, hash, chain_version, request_id, ip, tenant, caller_kind, suppressed, hash_key_id';

/** What the chain covers of a stored row (also what a careful forger would re-hash: see the tests). */
export function fieldsOf(row: AuditRow): ChainedFields {
  return {
    v: row.chain_version as ChainVersion,
    seq: row.seq,
    time: row.time,
    userId: row.user_id,
    department: row.department,
    endpoint: row.endpoint,
    template: row.template,
    model: row.model,
    provider: row.provider,
    classification: row.classification,
    redactions: row.redactions,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    outcome: row.outcome,
    status: row.status,
    latencyMs: row.latency_ms,
    requestHash: row.request_hash,
    responseHash: row.response_hash,
    textHash: row.text_hash,
    textExpiresAt: row.text_expires_at,
    requestId: row.request_id,
    ip: row.ip,
    tenant: row.tenant,
    callerKind: row.caller_kind as CallerKind,
    suppressed: row.suppressed,
    hashKeyId: row.hash_key_id,
  };
}

function recordOf(row: AuditRow): AuditRecord {
  const r: AuditRecord = {
    seq: row.seq,
    time: row.time,
    userId: row.user_id,
    department: row.department,
    endpoint: row.endpoint,
    classification: row.classification,
    redactions: row.redactions,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    outcome: row.outcome as AuditRecord['outcome'],
    status: row.status,
    latencyMs: row.latency_ms,
    requestHash: row.request_hash,
    responseHash: row.response_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (row.template !== null) r.template = row.template;
  if (row.model !== null) r.model = row.model;
  if (row.provider !== null) r.provider = row.provider;
  if (row.text_hash !== null) r.textHash = row.text_hash;
  if (row.request_id !== null) r.requestId = row.request_id;
  if (row.ip !== null) r.ip = row.ip;
  if (row.tenant !== null) r.tenant = row.tenant;
  if (row.caller_kind !== 'none') r.callerKind = row.caller_kind as CallerKind;
  if (row.suppressed) r.suppressed = row.suppressed;
  if (row.hash_key_id !== null) r.hashKeyId = row.hash_key_id;
  if (row.text_request !== null && row.text_response !== null && row.text_expires_at !== null) {
    r.text = { request: row.text_request, response: row.text_response, expiresAt: row.text_expires_at };
  }
  return r;
}

type Failure =
  | { kind: 'gap'; expected: number; found: number }
  | { kind: 'link'; row: AuditRow }
  | { kind: 'hash'; row: AuditRow; computed: string }
  | { kind: 'text'; row: AuditRow }
  | { kind: 'expected'; seq: number };

/**
 * Walks the chain in seq order inside one read transaction (a consistent snapshot while appends go on) and
 * reports the first broken sequence. Works on a read-only connection; statements are prepared once.
 */
export class AuditVerifier {
  private readonly rows: Database.Statement<[], AuditRow>;
  private readonly bySeq: Database.Statement<[number], AuditRow>;
  private readonly seqOfHash: Database.Statement<[string], { seq: number }>;
  private readonly head: Database.Statement<[], AuditHead>;
  private readonly walkInSnapshot: (expect?: AuditHead) => AuditVerificationWithHead;

  constructor(db: Database.Database) {
    this.rows = db.prepare(`SELECT ${COLUMNS} FROM audit ORDER BY seq`);
    this.bySeq = db.prepare(`SELECT ${COLUMNS} FROM audit WHERE seq = ?`);
    this.seqOfHash = db.prepare('SELECT seq FROM audit WHERE hash = ? ORDER BY seq LIMIT 1');
    this.head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
    this.walkInSnapshot = db.transaction((expect?: AuditHead) => this.walk(expect));
  }

  /** `expect`: a head exported earlier (seq and hash); the trail must still contain it unchanged. */
  verify(expect?: AuditHead): AuditVerificationWithHead {
    return this.walkInSnapshot(expect);
  }

  /** The stored hash of record `seq` (what a signed checkpoint is compared with). */
  hashAt(seq: number): string | undefined {
    return this.bySeq.get(seq)?.hash;
  }

  private walk(expect?: AuditHead): AuditVerificationWithHead {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let count = 0;
    let failure: Failure | undefined;

    for (const row of this.rows.iterate()) {
      if (row.seq !== expectedSeq) {
        failure = { kind: 'gap', expected: expectedSeq, found: row.seq };
        break;
      }
      if (row.prev_hash !== prevHash) {
        failure = { kind: 'link', row };
        break;
      }
      if (row.text_request !== null || row.text_response !== null) {
        if (row.text_request === null || row.text_response === null || row.text_hash !== textDigest({ request: row.text_request, response: row.text_response })) {
          failure = { kind: 'text', row };
          break;
        }
      }
      const computed = chainHash(row.prev_hash, fieldsOf(row));
      if (computed !== row.hash) {
        failure = { kind: 'hash', row, computed };
        break;
      }
      if (expect && row.seq === expect.seq && row.hash !== expect.hash) {
        failure = { kind: 'expected', seq: row.seq };
        break;
      }
      count++;
      prevHash = row.hash;
      expectedSeq++;
    }
    // The iterator is closed from here on, so the follow-up look-ups below may use the connection.
    const head = this.head.get();
    const broken = (brokenAt: number, reason: string): AuditVerificationWithHead => ({ ok: false, count, brokenAt, reason, head });

    if (failure) return broken(...this.explain(failure, head));

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

  private explain(f: Failure, head: AuditHead | undefined): [number, string] {
    switch (f.kind) {
      case 'gap':
        if (f.found < f.expected) return [f.found, `record ${f.found} is out of place: sequence numbers must start at 1 and increase by 1`];
        return f.expected === 1
          ? [1, `record 1 is missing: the trail starts at ${f.found} (records were deleted)`]
          : [f.expected, `record ${f.expected} is missing: the sequence jumps from ${f.expected - 1} to ${f.found} (records were deleted)`];
      case 'link': {
        const seq = f.row.seq;
        const after = this.seqOfHash.get(f.row.prev_hash)?.seq;
        if (after !== undefined && after !== seq - 1) {
          const moved = chainHash(f.row.prev_hash, { ...fieldsOf(f.row), seq: after + 1 }) === f.row.hash ? ` (it is record ${after + 1} under another number)` : '';
          return [seq, `record ${seq} is out of order: it was chained after record ${after}${moved} (records were reordered or renumbered)`];
        }
        if (f.row.prev_hash === GENESIS_HASH) return [seq, `record ${seq} claims to be the first record (records were reordered or replaced)`];
        return [seq, `record ${seq} does not follow record ${seq - 1}: its previous hash is not that record's hash (a record was deleted and the rest renumbered, or record ${seq - 1} was altered and re-hashed)`];
      }
      case 'text':
        return [f.row.seq, `the kept text of record ${f.row.seq} was altered: it does not match the digest the chain covers`];
      case 'hash': {
        const seq = f.row.seq;
        const next = this.bySeq.get(seq + 1);
        const link = next ? next.prev_hash : head && head.seq === seq ? head.hash : undefined;
        if (link === f.computed) return [seq, `the stored hash of record ${seq} was edited: its contents still match the link from the next record`];
        if (link === f.row.hash) return [seq, `record ${seq} was edited: its contents no longer match its hash`];
        return [seq, `record ${seq} does not match its hash: the record or its hash was edited`];
      }
      case 'expected':
        return [f.seq, `record ${f.seq} does not match the exported head hash: the chain up to ${f.seq} was rewritten`];
    }
  }
}

export class SqliteAuditLog implements AuditLog {
  private readonly readHead: Database.Statement<[], AuditHead>;
  private readonly insert: Database.Statement<[Record<string, unknown>]>;
  private readonly writeHead: Database.Statement<[number, string]>;
  private readonly listAfter: Database.Statement<[number, number], AuditRow>;
  private readonly purge: Database.Statement<[string]>;
  private readonly appendTx: (input: AuditInput) => AuditRecord;
  private readonly verifier: AuditVerifier;

  constructor(db: Database.Database) {
    this.readHead = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
    this.insert = db.prepare(`INSERT INTO audit (${COLUMNS}) VALUES (
      @seq, @time, @userId, @department, @endpoint, @template, @model, @provider, @classification, @redactions, @promptTokens,
      @completionTokens, @outcome, @status, @latencyMs, @requestHash, @responseHash, @textHash, @textExpiresAt, @textRequest,
      @textResponse, @prevHash, @hash, @v, @requestId, @ip, @tenant, @callerKind, @suppressed, @hashKeyId)`);
    this.writeHead = db.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1');
    this.listAfter = db.prepare(`SELECT ${COLUMNS} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.purge = db.prepare(
      'UPDATE audit SET text_request = NULL, text_response = NULL WHERE (text_request IS NOT NULL OR text_response IS NOT NULL) AND text_expires_at <= ?',
    );
    this.verifier = new AuditVerifier(db);
    const tx = db.transaction((input: AuditInput) => this.appendLocked(input));
    // IMMEDIATE: the write lock is taken before the head is read, so two appenders (threads or processes)
    // can never both chain onto the same head and fork the trail.
    this.appendTx = (input) => tx.immediate(input);
  }

  append(input: AuditInput): AuditRecord {
    return this.appendTx(input);
  }

  private appendLocked(input: AuditInput): AuditRecord {
    const { fields: base, text } = normaliseInput(input);
    const head = this.readHead.get();
    if (!head) throw new Error('the audit head row is missing: the audit database was tampered with (run `wenshu audit verify`)');
    const fields: ChainedFields = { ...base, seq: head.seq + 1 };
    const hash = chainHash(head.hash, fields);
    this.insert.run({ ...fields, textRequest: text?.request ?? null, textResponse: text?.response ?? null, prevHash: head.hash, hash });
    this.writeHead.run(fields.seq, hash);
    const record: AuditRecord = { ...input, seq: fields.seq, prevHash: head.hash, hash };
    if (fields.textHash) {
      record.textHash = fields.textHash;
      record.text = { request: text!.request, response: text!.response, expiresAt: fields.textExpiresAt! };
    }
    return record;
  }

  verify(): AuditVerification {
    const { head: _head, ...result } = this.verifier.verify();
    return result as AuditVerification;
  }

  /** Verifies and also returns the head, to export it (see the comment at the top). */
  verifyWithHead(expect?: AuditHead): AuditVerificationWithHead {
    return this.verifier.verify(expect);
  }

  head(): AuditHead {
    const head = this.readHead.get();
    if (!head) throw new Error('the audit head row is missing');
    return head;
  }

  list(options: { after?: number; limit?: number } = {}): AuditRecord[] {
    const after = Math.max(0, Math.floor(options.after ?? 0));
    const limit = Math.min(10_000, Math.max(1, Math.floor(options.limit ?? 100)));
    return this.listAfter.all(after, limit).map(recordOf);
  }

  purgeExpiredText(now: Date): number {
    return this.purge.run(now.toISOString()).changes;
  }
}
