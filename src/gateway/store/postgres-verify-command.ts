/**
 * `wenshu audit verify --postgres URL [--expect SEQ:HASH]`: walks the shared store's audit chain (read only,
 * one consistent snapshot, safe while replicas append) and reports the first broken record.
 * Exit code 0: intact; 1: broken (`audit trail broken at sequence N: reason`); 2: bad input or unreachable.
 * The URL may be given as `--postgres-env NAME` (the variable holding it), to keep a password off the command line.
 */
import { Pool } from 'pg';
import { verifyPostgresChain, type AuditHead } from './postgres-audit';

export const POSTGRES_VERIFY_USAGE = `usage: wenshu audit verify --postgres URL | --postgres-env NAME [--expect SEQ:HASH]
  --postgres URL       the shared store's PostgreSQL database (postgres://user@host:5432/db)
  --postgres-env NAME  the environment variable holding that URL
  --expect SEQ:HASH    a head exported earlier: record SEQ must still have hash HASH
exit status: 0 intact, 1 broken, 2 bad input`;

export function wantsPostgres(argv: string[]): boolean {
  return argv.some((a) => a === '--postgres' || a.startsWith('--postgres=') || a === '--postgres-env' || a.startsWith('--postgres-env='));
}

export async function runPostgresAuditVerify(argv: string[], io: { out(s: string): void; err(s: string): void }, env: Record<string, string | undefined> = process.env): Promise<number> {
  let url: string | undefined;
  let expect: AuditHead | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    if (name === '--postgres') {
      url = value();
      if (!url) return bad(io, '--postgres needs a URL');
    } else if (name === '--postgres-env') {
      const v = value();
      if (!v) return bad(io, '--postgres-env needs a variable name');
      url = env[v];
      if (!url) return bad(io, `the environment variable ${v} is not set`);
    } else if (name === '--expect') {
      const v = value();
      const m = v ? /^(\d+):([0-9a-fA-F]{64})$/.exec(v) : null;
      if (!m) return bad(io, '--expect needs SEQ:HASH (a sequence number and a 64-digit sha256 hex hash)');
      expect = { seq: Number(m[1]), hash: m[2].toLowerCase() };
    } else if (name === '--help' || name === '-h') {
      io.out(POSTGRES_VERIFY_USAGE);
      return 0;
    } else {
      return bad(io, `unknown argument ${arg}\n${POSTGRES_VERIFY_USAGE}`);
    }
  }
  if (!url) return bad(io, POSTGRES_VERIFY_USAGE);
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  try {
    const tables = await pool.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name IN ('audit', 'audit_head') AND table_schema = current_schema()");
    if (Number(tables.rows[0].n) !== 2) return bad(io, 'that database is not a Wenshu store (it has no audit trail)');
    const result = await verifyPostgresChain(pool, expect);
    if (!result.ok) {
      io.err(`audit trail broken at sequence ${result.brokenAt}: ${result.reason}`);
      return 1;
    }
    const head = result.head ? `; head seq ${result.head.seq} hash ${result.head.hash}` : '';
    io.out(`audit trail intact: ${result.count} record${result.count === 1 ? '' : 's'}${head}`);
    return 0;
  } catch (err) {
    // The message of a connection error never contains the password.
    return bad(io, `cannot read the audit trail from PostgreSQL: ${(err as Error).message}`);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

function bad(io: { err(s: string): void }, message: string): number {
  io.err(message);
  return 2;
}
