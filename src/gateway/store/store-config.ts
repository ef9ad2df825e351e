/**
 * The `store` section's scale-out part: `store: { postgres: { url | urlEnv }, redis: { url | urlEnv } }`.
 * Both or neither: the audit trail in PostgreSQL with quotas in a process's own SQLite file would let every
 * replica spend the whole budget. Without them the embedded SQLite store (`store.sqlite`) is used.
 * A URL with a password belongs in the environment (urlEnv names the variable), not in the file.
 */
import { z } from 'zod';

const ServerUrl = z
  .object({
    /** e.g. postgres://wenshu@db.internal:5432/wenshu or redis://cache.internal:6379/0 */
    url: z.string().min(1).optional(),
    /** The environment variable that holds the URL (for URLs with a password). */
    urlEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  })
  .strict()
  .refine((s) => (s.url === undefined) !== (s.urlEnv === undefined), { message: 'give exactly one of url and urlEnv' });

export type ServerUrlConfig = z.infer<typeof ServerUrl>;

export const sharedStoreFields = {
  postgres: ServerUrl.optional(),
  redis: ServerUrl.optional(),
};

export function checkSharedStore(store: { postgres?: ServerUrlConfig; redis?: ServerUrlConfig }, ctx: z.RefinementCtx): void {
  if ((store.postgres === undefined) === (store.redis === undefined)) return;
  const missing = store.postgres ? 'redis' : 'postgres';
  ctx.addIssue({ code: 'custom', path: [missing], message: `store.postgres and store.redis go together (the audit trail in PostgreSQL, the quotas in Redis): ${missing} is missing` });
}

/** The URL a section names, from the file or the environment; a clear error when the variable is unset. */
export function resolveServerUrl(name: 'postgres' | 'redis', s: ServerUrlConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (s.url !== undefined) return s.url;
  const value = env[s.urlEnv!];
  if (!value) throw new Error(`store.${name}: the environment variable ${s.urlEnv} that should hold its URL is not set`);
  return value;
}
