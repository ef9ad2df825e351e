/**
 * Environment overrides: WENSHU_<PATH> where path segments are joined by "__" and matched to the
 * configuration's keys without regard to case, e.g. WENSHU_SERVER__PORT=9000,
 * WENSHU_PROVIDERS__0__BASEURL=http://gpu01:8000/v1, WENSHU_DEFAULTMODEL=deepseek-v3.
 * Values are read as YAML scalars or flow collections, so numbers, booleans and [a, b] lists work.
 */
import { parse } from 'yaml';
import { z } from 'zod';

export const ENV_PREFIX = 'WENSHU_';

export interface EnvOverride {
  variable: string;
  path: Array<string | number>;
  value: unknown;
}

/** Every property name the schema knows, by its lower-case form. */
export function knownKeys(schema: z.ZodType): Map<string, string> {
  const keys = new Map<string, string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) keys.set(name.toLowerCase(), name);
      walk(v);
    }
  };
  walk(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }));
  return keys;
}

export function readEnvOverrides(env: NodeJS.ProcessEnv, keys: Map<string, string>, ignore: readonly string[] = []): EnvOverride[] {
  const out: EnvOverride[] = [];
  for (const [variable, raw] of Object.entries(env)) {
    if (!variable.startsWith(ENV_PREFIX) || raw === undefined || ignore.includes(variable)) continue;
    const path = variable
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : (keys.get(seg.toLowerCase()) ?? seg)));
    let value: unknown = raw;
    try {
      value = parse(raw);
    } catch {
      // not YAML: keep the string
    }
    out.push({ variable, path, value: value ?? raw });
  }
  return out.sort((a, b) => a.variable.localeCompare(b.variable));
}

export function applyOverride(data: Record<string, unknown>, { path, value }: EnvOverride): void {
  let node: Record<string | number, unknown> = data;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const next = node[key];
    if (!next || typeof next !== 'object') node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
}
