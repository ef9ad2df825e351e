import { ConfigError } from '../../gateway/config/load';
import { serveUntilSignalled } from '../../gateway/serve';
import { parse, stringOption } from '../args';
import { EXIT_BAD_INPUT, UsageError, type CliIO } from '../io';
import { SERVE_HELP } from '../help';

/** `wenshu serve [--config FILE] [--host H] [--port N] [--dev]`: the gateway alone, until SIGTERM or SIGINT. */
export async function serveCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse('serve', args, { config: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, dev: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  const portText = stringOption(values, 'port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${portText}")`);
  const file = stringOption(values, 'config') ?? io.env.WENSHU_CONFIG;
  try {
    await serveUntilSignalled({ file, host: stringOption(values, 'host'), port, env: io.env as NodeJS.ProcessEnv, dev: values.dev === true });
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`wenshu: the gateway configuration is not valid:\n${err.diagnostics.map((d) => `  ${d}`).join('\n')}\n`);
      return EXIT_BAD_INPUT;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen: ${(err as Error).message}`);
    if (err instanceof Error && /^refusing to (listen|start)|^provider /.test(err.message)) throw new UsageError(err.message);
    throw err;
  }
  // The server keeps the process alive; the signal handlers end it.
  return new Promise<number>(() => undefined);
}
