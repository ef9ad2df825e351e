import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AuditVerifier, type AuditHead } from './sqlite-audit';

export const DEFAULT_AUDIT_DB = './data/wenshu.db';

export interface AuditDatabaseVerification {
  ok: boolean;
  /** Records that verified before the first break (all of them when ok). */
  count: number;
  brokenAt?: number;
  reason?: string;
  /** The head (last seq and hash) as the database records it: export it to detect a full rewrite later. */
  head?: AuditHead;
}

/** The database cannot be verified at all (missing, not SQLite, not a Wenshu store). */
export class AuditDatabaseError extends Error {
  override name = 'AuditDatabaseError';
}

/**
 * Verifies the audit trail of a store file, opened read-only (safe while a gateway is running on it).
 * `expect`: a head exported earlier; the trail must still contain that record with that hash.
 */
export function verifyAuditDatabase(dbPath: string, options: { expect?: AuditHead } = {}): AuditDatabaseVerification {
  let isFile = false;
  try {
    isFile = statSync(dbPath).isFile();
  } catch {
    throw new AuditDatabaseError(`no audit database at ${dbPath}`);
  }
  if (!isFile) throw new AuditDatabaseError(`${dbPath} is not a file`);

  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AuditDatabaseError(`cannot open ${dbPath}: ${(err as Error).message}`);
  }
  try {
    let tables: string[];
    try {
      tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit', 'audit_head')").pluck().all();
    } catch (err) {
      throw new AuditDatabaseError(`${dbPath} is not a SQLite database: ${(err as Error).message}`);
    }
    if (!tables.includes('audit') || !tables.includes('audit_head')) throw new AuditDatabaseError(`${dbPath} is not a Wenshu store (it has no audit trail)`);
    const result = new AuditVerifier(db).verify(options.expect);
    return result.ok ? { ok: true, count: result.count, head: result.head } : { ok: false, count: result.count, brokenAt: result.brokenAt, reason: result.reason, head: result.head };
  } finally {
    db.close();
  }
}

const USAGE = `usage: wenshu audit verify [--db FILE] [--expect SEQ:HASH]
  --db FILE          the store's SQLite file (default ${DEFAULT_AUDIT_DB})
  --expect SEQ:HASH  a head exported earlier: record SEQ must still have hash HASH
exit status: 0 intact, 1 broken, 2 bad input`;

/**
 * `wenshu audit verify [--db FILE] [--expect SEQ:HASH]`; `argv` are the arguments after `audit verify`.
 * Exit code 0: intact; 1: broken (`audit trail broken at sequence N: reason`); 2: bad input.
 */
export function runAuditVerify(argv: string[], io: { out(s: string): void; err(s: string): void }): number {
  let dbPath = DEFAULT_AUDIT_DB;
  let expect: AuditHead | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    if (name === '--help' || name === '-h') {
      io.out(USAGE);
      return 0;
    } else if (name === '--db') {
      const v = value();
      if (!v) return bad(io, '--db needs a file');
      dbPath = v;
    } else if (name === '--expect') {
      const v = value();
      const m = v ? /^(\d+):([0-9a-fA-F]{64})$/.exec(v) : null;
      if (!m) return bad(io, '--expect needs SEQ:HASH (a sequence number and a 64-digit sha256 hex hash)');
      expect = { seq: Number(m[1]), hash: m[2].toLowerCase() };
    } else {
      return bad(io, `unknown argument ${arg}\n${USAGE}`);
    }
  }

  let result: AuditDatabaseVerification;
  try {
    result = verifyAuditDatabase(dbPath, { expect });
  } catch (err) {
    if (err instanceof AuditDatabaseError) return bad(io, err.message);
    throw err;
  }
  if (!result.ok) {
    io.err(`audit trail broken at sequence ${result.brokenAt}: ${result.reason}`);
    return 1;
  }
  const head = result.head ? `; head seq ${result.head.seq} hash ${result.head.hash}` : '';
  io.out(`audit trail intact: ${result.count} record${result.count === 1 ? '' : 's'}${head}`);
  return 0;
}

function bad(io: { err(s: string): void }, message: string): number {
  io.err(message);
  return 2;
}
