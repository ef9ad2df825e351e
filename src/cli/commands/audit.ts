import { runAuditVerify } from '../../gateway/audit/verify-command';
import { runPostgresAuditVerify, wantsPostgres } from '../../gateway/store/postgres-verify-command';
import { UsageError, type CliIO } from '../io';

/** `wenshu audit verify [--db FILE] [--expect SEQ:HASH]`: checks the hash chain of the audit trail. */
export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(`unknown audit command "${sub ?? ''}" (wenshu audit verify [--db FILE])`);
  const lines = { out: (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`), err: (s: string) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`) };
  // The shared store of a scale-out deployment (store/postgres-verify-command.ts).
  if (wantsPostgres(rest)) return runPostgresAuditVerify(rest, lines, io.env);
  return runAuditVerify(rest, { out: (s) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`), err: (s) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`) });
}
