/**
 * The `wenshu` command line. `run(argv, io)` returns the exit code instead of exiting, so that tests run it
 * in-process; bin/wenshu.js calls it with process.argv.slice(2).
 *
 * Exit codes: 0 fine, 1 findings at error level (or problems in template packs), 2 bad input. Errors are one line
 * on stderr ("wenshu: …"), never a stack trace (WENSHU_DEBUG=1 prints one for an unexpected internal error).
 */
import { DocumentReadError } from '../node/readers';
import { suggest } from './args';
import { auditCommand } from './commands/audit';
import { checkCommand } from './commands/check';
import { draftCommand } from './commands/draft';
import { keysCommand } from './commands/keys';
import { knowledgeCommand } from './commands/knowledge';
import { serveCommand } from './commands/serve';
import { templatesCommand } from './commands/templates';
import { HELP, MAIN_HELP } from './help';
import { EXIT_BAD_INPUT, EXIT_OK, processIO, UsageError, type CliIO } from './io';
import { packageVersion } from './version';

export type { CliIO } from './io';

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  check: checkCommand,
  draft: draftCommand,
  templates: templatesCommand,
  serve: serveCommand,
  audit: auditCommand,
  keys: keysCommand,
  knowledge: knowledgeCommand,
};

export async function run(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const full: CliIO = { ...processIO(), ...io };
  try {
    return await dispatch([...argv], full);
  } catch (err) {
    return reportError(err, full);
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(MAIN_HELP);
    return EXIT_BAD_INPUT;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(MAIN_HELP);
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout.write(MAIN_HELP);
      return EXIT_OK;
    }
    const text = HELP[topic];
    if (!text) throw new UsageError(`no help on "${topic}" (commands: ${Object.keys(HELP).join(', ')})`);
    io.stdout.write(text);
    return EXIT_OK;
  }
  const command = COMMANDS[first];
  if (!command) {
    const near = first.startsWith('-') ? undefined : suggest(first, Object.keys(COMMANDS));
    const what = first.startsWith('-') ? `unknown option ${first} (options follow a command: wenshu check --help)` : `unknown command "${first}"`;
    throw new UsageError(`${what}${near ? ` (did you mean ${near}?)` : ''}; see wenshu --help`);
  }
  return command(rest, io);
}

function reportError(err: unknown, io: CliIO): number {
  if (err instanceof UsageError || err instanceof DocumentReadError) {
    io.stderr.write(`wenshu: ${oneLine(err.message)}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`wenshu: internal error: ${oneLine(message)} (please report it; set WENSHU_DEBUG=1 for details)\n`);
  if (io.env.WENSHU_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT_BAD_INPUT;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
