import { generateApiKey } from '../../gateway/policy/api-keys';
import { parse, stringOption } from '../args';
import { UsageError, type CliIO } from '../io';
import { KEYS_HELP } from '../help';

/**
 * `wenshu keys create --department DEPT [--name NAME] [--tier free|paid]`: a new API key for a service.
 * The key is printed once; the gateway's configuration keeps only its SHA-256.
 */
export async function keysCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(KEYS_HELP);
    return 0;
  }
  if (sub !== 'create') throw new UsageError(`unknown keys command "${sub ?? ''}" (wenshu keys create --department DEPT)`);
  const { values } = parse('keys', rest, { department: { type: 'string' }, name: { type: 'string' }, tier: { type: 'string' } });
  if (values.help) {
    io.stdout.write(KEYS_HELP);
    return 0;
  }
  const department = stringOption(values, 'department');
  if (!department) throw new UsageError('--department is required');
  const tier = stringOption(values, 'tier') ?? 'free';
  if (tier !== 'free' && tier !== 'paid') throw new UsageError(`--tier must be free or paid (got "${tier}")`);
  const name = stringOption(values, 'name') ?? `${department} service`;
  const { key, sha256 } = generateApiKey();
  const id = `${department}-${sha256.slice(0, 8)}`;
  io.stdout.write(
    `API key (shown once; give it to the service, keep it out of files and logs):\n  ${key}\n\n` +
      `Add this to auth.apiKeys in the gateway configuration:\n` +
      `  - { id: ${id}, name: ${JSON.stringify(name)}, department: ${department}, tier: ${tier}, sha256: ${sha256} }\n`,
  );
  return 0;
}
