import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssue, formatDiagnostic, formatPath, type Diagnostic } from '../../core/templates/errors';
import { parseYamlFile } from '../../core/templates/parse';
import { applyOverride, knownKeys, readEnvOverrides } from './env';
import { GatewayConfigSchema, type GatewayConfig } from './schema';

export class ConfigError extends Error {
  constructor(readonly diagnostics: string[]) {
    super(diagnostics.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Command-line flags win over the file and the environment. */
  host?: string;
  port?: number;
}

/** Environment variables of ours that are not configuration keys. */
// WENSHU_AUDIT_HMAC_SECRET is a secret read by audit/hmac.ts, never part of the configuration object.
const NOT_CONFIG = ['WENSHU_CONFIG', 'WENSHU_TEMPLATES', 'WENSHU_AUDIT_HMAC_SECRET'];

let keys: Map<string, string> | undefined;

/**
 * File, then environment, then flags; validated once. Errors name the file and line, or the environment
 * variable, and what is wrong; the gateway refuses to start on any.
 */
export function loadConfig(options: LoadOptions = {}): GatewayConfig {
  const env = options.env ?? process.env;
  let data: Record<string, unknown> = {};
  const problems: string[] = [];
  let fileDiagnostics: ((path: readonly PropertyKey[], message: string) => Diagnostic) | undefined;

  if (options.file) {
    let text: string;
    try {
      text = readFileSync(options.file, 'utf8');
    } catch (err) {
      throw new ConfigError([`${options.file}: cannot read the configuration file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
    }
    // Parsed without the schema first: the environment may still complete or correct the data.
    const parsed = parseYamlFile(options.file, text, z.unknown());
    if (parsed.diagnostics.length) throw new ConfigError(parsed.diagnostics.map(formatDiagnostic));
    if (parsed.data !== undefined && parsed.data !== null && (typeof parsed.data !== 'object' || Array.isArray(parsed.data))) {
      throw new ConfigError([`${options.file}:1:1: the configuration must be a mapping of keys`]);
    }
    data = (parsed.data as Record<string, unknown>) ?? {};
    fileDiagnostics = parsed.diagnostic;
  }

  keys ??= knownKeys(GatewayConfigSchema);
  const overrides = readEnvOverrides(env, keys, NOT_CONFIG);
  for (const o of overrides) applyOverride(data, o);
  if (options.host !== undefined) applyOverride(data, { variable: '--host', path: ['server', 'host'], value: options.host });
  if (options.port !== undefined) applyOverride(data, { variable: '--port', path: ['server', 'port'], value: options.port });

  const result = GatewayConfigSchema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path as PropertyKey[];
    const message = describeIssue(issue, valueAt(data, path));
    const fromEnv = overrides.find((o) => startsWith(path, o.path));
    if (fromEnv) problems.push(`environment ${fromEnv.variable}: ${message}`);
    else if (fileDiagnostics) problems.push(formatDiagnostic(fileDiagnostics(path, message)));
    else problems.push(`configuration ${formatPath(path) || ''}: ${message}`);
  }
  throw new ConfigError(problems);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.every((k, i) => path[i] === k) || path.every((k, i) => prefix[i] === k);
}
