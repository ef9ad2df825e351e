import { runAuditCheckpoint, runAuditKeygen, runAuditPurge } from '../../gateway/audit/commands';
import { runAuditVerify } from '../../gateway/audit/verify-command';
import { runPostgresAuditVerify, wantsPostgres } from '../../gateway/store/postgres-verify-command';
import { UsageError, type CliIO } from '../io';

/**
 * `wenshu audit verify | checkpoint | keygen | purge` (see AUDIT_HELP): the audit trail's hash chain checked
 * (against signed checkpoints too), the head signed, the checkpoint key made, expired kept text purged.
 */
export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  const lines = { out: (s: string) => io.stdout.write(s.endsWith('\n') ? s : `${s}\n`), err: (s: string) => io.stderr.write(s.endsWith('\n') ? s : `${s}\n`) };
  switch (sub) {
    case 'verify':
      // The shared store of a scale-out deployment (store/postgres-verify-command.ts).
      if (wantsPostgres(rest)) return runPostgresAuditVerify(rest, lines, io.env);
      return runAuditVerify(rest, lines);
    case 'checkpoint':
      return runAuditCheckpoint(rest, lines);
    case 'keygen':
      return runAuditKeygen(rest, lines);
    case 'purge':
      return runAuditPurge(rest, lines);
    default:
      throw new UsageError(`unknown audit command "${sub ?? ''}" (wenshu audit verify|checkpoint|keygen|purge; wenshu audit --help)`);
  }
}
