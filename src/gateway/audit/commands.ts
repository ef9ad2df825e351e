import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openSqliteStore } from '../store/sqlite';
import {
  checkpointFileName,
  CheckpointError,
  checkpointProblem,
  generateCheckpointKeys,
  loadPrivateKey,
  readCheckpoints,
  serialiseCheckpoint,
  signatureValid,
  signCheckpoint,
} from './checkpoint';
import { AuditDatabaseError, DEFAULT_AUDIT_DB, verifyAuditDatabase } from './verify-command';
import { createPublicKey } from 'node:crypto';
import Database from 'better-sqlite3';
import { AuditVerifier } from './sqlite-audit';

/**
 * `wenshu audit checkpoint | keygen | purge` (verify is verify-command.ts). Each takes the arguments after
 * its name; exit status 0 done, 1 refused (the trail is broken), 2 bad input.
 */
interface IO {
  out(s: string): void;
  err(s: string): void;
}

export const CHECKPOINT_USAGE = `usage: wenshu audit checkpoint --key PRIVATE.pem [--db FILE] [--out FILE|DIR]
  --key FILE      the Ed25519 private key (wenshu audit keygen)
  --db FILE       the store's SQLite file (default ${DEFAULT_AUDIT_DB})
  --out FILE|DIR  where the signed checkpoint goes: a .json file, or a directory (default: checkpoints/ beside
                  the database) where each checkpoint gets its own file named by seq and time; in a directory,
                  the checkpoints already there are checked first, so a rewritten trail is never signed
exit status: 0 signed, 1 the trail is broken (nothing signed), 2 bad input`;

export const KEYGEN_USAGE = `usage: wenshu audit keygen --out DIR
  writes DIR/audit-checkpoint.key (the Ed25519 private key, mode 0600: for audit.checkpoints.privateKeyFile)
  and DIR/audit-checkpoint.pub (its public half: keep a copy where the gateway's administrators cannot
  change it, and verify with it: wenshu audit verify --checkpoint DIR --public-key audit-checkpoint.pub)`;

export const PURGE_USAGE = `usage: wenshu audit purge [--db FILE]
  deletes kept text whose expiry has passed (its digest stays, so the chain still verifies); the gateway
  does the same at start and every audit.purgeIntervalMinutes`;

function parse(argv: string[], known: string[], io: IO, usage: string): Record<string, string> | number {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--help' || name === '-h') {
      io.out(usage);
      return 0;
    }
    if (!known.includes(name)) {
      io.err(`unknown argument ${arg}\n${usage}`);
      return 2;
    }
    const v = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (!v) {
      io.err(`${name} needs a value\n${usage}`);
      return 2;
    }
    out[name] = v;
  }
  return out;
}

export function runAuditCheckpoint(argv: string[], io: IO, now: () => Date = () => new Date()): number {
  const args = parse(argv, ['--key', '--db', '--out'], io, CHECKPOINT_USAGE);
  if (typeof args === 'number') return args;
  if (!args['--key']) {
    io.err(`--key is required\n${CHECKPOINT_USAGE}`);
    return 2;
  }
  const dbPath = args['--db'] ?? DEFAULT_AUDIT_DB;
  const out = resolve(args['--out'] ?? join(dirname(resolve(dbPath)), 'checkpoints'));
  // A directory (created if need be) unless it names a .json file.
  const isDir = existsSync(out) ? statSync(out).isDirectory() : !out.endsWith('.json');
  try {
    const key = loadPrivateKey(args['--key']);
    const earlier = isDir && existsSync(out) && readCheckpointsOrNone(out);
    const pub = createPublicKey(key);
    for (const { file, checkpoint } of earlier || []) {
      if (!signatureValid(checkpoint, pub)) throw new CheckpointError(`${file} is not signed by this key: refusing to sign next to it`);
    }
    // Verified (chain, head, earlier checkpoints) and the head read in one read-only snapshot.
    const v = verifyAuditDatabase(dbPath);
    if (!v.ok) {
      io.err(`audit trail broken at sequence ${v.brokenAt}: ${v.reason}; nothing signed`);
      return 1;
    }
    const head = v.head!;
    const hashAt = hashReader(dbPath);
    for (const { file, checkpoint } of earlier || []) {
      const problem = checkpointProblem(checkpoint, { end: head, hashAt });
      if (problem) {
        io.err(`audit trail broken at sequence ${problem.brokenAt}: ${problem.reason} (${file}); nothing signed`);
        return 1;
      }
    }
    const signed = signCheckpoint(head, key, now());
    const target = isDir ? join(out, checkpointFileName(signed)) : out;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, serialiseCheckpoint(signed), { flag: isDir ? 'wx' : 'w' });
    io.out(`checkpoint signed: seq ${signed.seq} hash ${signed.hash} key ${signed.keyId} -> ${target}`);
    return 0;
  } catch (err) {
    if (err instanceof CheckpointError || err instanceof AuditDatabaseError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
}

function readCheckpointsOrNone(dir: string): ReturnType<typeof readCheckpoints> | undefined {
  try {
    return readCheckpoints(dir);
  } catch (err) {
    if (err instanceof CheckpointError && /holds no checkpoint/.test(err.message)) return undefined;
    throw err;
  }
}

function hashReader(dbPath: string): (seq: number) => string | undefined {
  return (seq) => {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return new AuditVerifier(db).hashAt(seq);
    } finally {
      db.close();
    }
  };
}

export function runAuditKeygen(argv: string[], io: IO): number {
  const args = parse(argv, ['--out'], io, KEYGEN_USAGE);
  if (typeof args === 'number') return args;
  if (!args['--out']) {
    io.err(`--out is required\n${KEYGEN_USAGE}`);
    return 2;
  }
  const dir = resolve(args['--out']);
  const priv = join(dir, 'audit-checkpoint.key');
  const pub = join(dir, 'audit-checkpoint.pub');
  if (existsSync(priv) || existsSync(pub)) {
    io.err(`${existsSync(priv) ? priv : pub} exists: refusing to replace a checkpoint key (checkpoints signed with it would no longer verify)`);
    return 2;
  }
  const { privatePem, publicPem } = generateCheckpointKeys();
  mkdirSync(dir, { recursive: true });
  writeFileSync(priv, privatePem, { mode: 0o600, flag: 'wx' });
  chmodSync(priv, 0o600);
  writeFileSync(pub, publicPem, { flag: 'wx' });
  io.out(`checkpoint key written: ${priv} (private, mode 0600) and ${pub} (public)`);
  return 0;
}

export function runAuditPurge(argv: string[], io: IO, now: () => Date = () => new Date()): number {
  const args = parse(argv, ['--db'], io, PURGE_USAGE);
  if (typeof args === 'number') return args;
  const dbPath = args['--db'] ?? DEFAULT_AUDIT_DB;
  if (!existsSync(dbPath)) {
    io.err(`no audit database at ${dbPath}`);
    return 2;
  }
  let store;
  try {
    store = openSqliteStore(dbPath);
  } catch (err) {
    io.err(`cannot open ${dbPath}: ${(err as Error).message}`);
    return 2;
  }
  try {
    const at = now();
    const n = store.audit.purgeExpiredText(at);
    io.out(`purged the kept text of ${n} record${n === 1 ? '' : 's'} (expired before ${at.toISOString()})`);
    return 0;
  } finally {
    store.close();
  }
}
