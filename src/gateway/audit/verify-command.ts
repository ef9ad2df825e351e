import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { checkpointProblem, CheckpointError, loadPublicKey, readCheckpoints, signatureValid } from './checkpoint';
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
  /** Signed checkpoints the trail was compared with (all agreed when ok). */
  checkpoints?: number;
  /** The newest of them. */
  newestCheckpoint?: { seq: number; time: string };
}

/** The database cannot be verified at all (missing, not SQLite, not a Wenshu store). */
export class AuditDatabaseError extends Error {
  override name = 'AuditDatabaseError';
}

/**
 * Verifies the audit trail of a store file, opened read-only (safe while a gateway is running on it).
 * `expect`: a head exported earlier; the trail must still contain that record with that hash.
 */
export function verifyAuditDatabase(dbPath: string, options: { expect?: AuditHead; checkpoints?: { path: string; publicKeyFile: string } } = {}): AuditDatabaseVerification {
  // Read (and their signatures checked) before the database: a bad checkpoint or key is bad input.
  let signed: ReturnType<typeof readCheckpoints> = [];
  if (options.checkpoints) {
    const key = loadPublicKey(options.checkpoints.publicKeyFile);
    signed = readCheckpoints(options.checkpoints.path);
    for (const { file, checkpoint } of signed) {
      if (!signatureValid(checkpoint, key)) throw new CheckpointError(`${file} is not signed by the key in ${options.checkpoints.publicKeyFile} (forged, altered, or signed with another key)`);
    }
  }
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
    const verifier = new AuditVerifier(db);
    const result = verifier.verify(options.expect);
    if (!result.ok) return { ok: false, count: result.count, brokenAt: result.brokenAt, reason: result.reason, head: result.head };
    // The chain is whole up to its head: every checkpoint must name a record in it, with the same hash.
    const end = result.head ?? { seq: 0, hash: '' };
    for (const { checkpoint } of signed) {
      const problem = checkpointProblem(checkpoint, { end, hashAt: (seq) => verifier.hashAt(seq) });
      if (problem) return { ok: false, count: result.count, brokenAt: problem.brokenAt, reason: problem.reason, head: result.head, checkpoints: signed.length };
    }
    const newest = signed.reduce<(typeof signed)[number] | undefined>((a, b) => (!a || b.checkpoint.seq > a.checkpoint.seq ? b : a), undefined);
    return {
      ok: true,
      count: result.count,
      head: result.head,
      ...(signed.length ? { checkpoints: signed.length, newestCheckpoint: { seq: newest!.checkpoint.seq, time: newest!.checkpoint.time } } : {}),
    };
  } finally {
    db.close();
  }
}

const USAGE = `usage: wenshu audit verify [--db FILE] [--expect SEQ:HASH] [--checkpoint FILE|DIR --public-key FILE]
  --db FILE              the store's SQLite file (default ${DEFAULT_AUDIT_DB})
  --expect SEQ:HASH      a head exported earlier: record SEQ must still have hash HASH
  --checkpoint FILE|DIR  signed checkpoints (wenshu audit checkpoint, or the gateway's audit.checkpoints.dir):
                         each must name a record still in the trail with the same hash; detects a rewrite of
                         the whole chain and its head, and newest records deleted with the head moved back
  --public-key FILE      the checkpoint key's public half (PEM), which the operator keeps
exit status: 0 intact, 1 broken, 2 bad input`;

/**
 * `wenshu audit verify [--db FILE] [--expect SEQ:HASH]`; `argv` are the arguments after `audit verify`.
 * Exit code 0: intact; 1: broken (`audit trail broken at sequence N: reason`); 2: bad input.
 */
export function runAuditVerify(argv: string[], io: { out(s: string): void; err(s: string): void }): number {
  let dbPath = DEFAULT_AUDIT_DB;
  let expect: AuditHead | undefined;
  let checkpointPath: string | undefined;
  let publicKeyFile: string | undefined;
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
    } else if (name === '--checkpoint') {
      const v = value();
      if (!v) return bad(io, '--checkpoint needs a checkpoint file or a directory of them');
      checkpointPath = v;
    } else if (name === '--public-key') {
      const v = value();
      if (!v) return bad(io, '--public-key needs the PEM file of the checkpoint public key');
      publicKeyFile = v;
    } else {
      return bad(io, `unknown argument ${arg}\n${USAGE}`);
    }
  }

  if (checkpointPath && !publicKeyFile) return bad(io, '--checkpoint needs --public-key FILE: a checkpoint proves nothing unless its signature is checked with a key you hold');
  if (publicKeyFile && !checkpointPath) return bad(io, '--public-key is used with --checkpoint FILE|DIR');
  let result: AuditDatabaseVerification;
  try {
    result = verifyAuditDatabase(dbPath, { expect, checkpoints: checkpointPath ? { path: checkpointPath, publicKeyFile: publicKeyFile! } : undefined });
  } catch (err) {
    if (err instanceof AuditDatabaseError || err instanceof CheckpointError) return bad(io, err.message);
    throw err;
  }
  if (!result.ok) {
    io.err(`audit trail broken at sequence ${result.brokenAt}: ${result.reason}`);
    return 1;
  }
  const head = result.head ? `; head seq ${result.head.seq} hash ${result.head.hash}` : '';
  const cps = result.checkpoints ? `; agrees with ${result.checkpoints} signed checkpoint${result.checkpoints === 1 ? '' : 's'} (newest: seq ${result.newestCheckpoint!.seq} at ${result.newestCheckpoint!.time})` : '';
  io.out(`audit trail intact: ${result.count} record${result.count === 1 ? '' : 's'}${head}${cps}`);
  return 0;
}

function bad(io: { err(s: string): void }, message: string): number {
  io.err(message);
  return 2;
}
