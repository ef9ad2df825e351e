/**
 * A user's group ids from Microsoft Graph, for tokens with a groups overage (jwt.ts). The gateway signs in
 * as itself (client credentials; the app needs GroupMember.Read.All) and calls
 * `POST /users/{oid}/getMemberObjects`. Answers are cached briefly per user; a failure is a 503, never a
 * guess at the department. Nothing Graph returns is echoed to the caller or the log.
 */
import { request } from 'undici';
import type { JwtConfig } from './auth-config';
import { directoryUnavailable } from './auth-errors';

type GraphConfig = NonNullable<JwtConfig['graph']>;

export interface GraphGroups {
  groupsOf(userId: string): Promise<string[]>;
}

const CACHE_MS = 5 * 60_000;
const MAX_BODY = 4 * 1_048_576;

async function readJson(res: Awaited<ReturnType<typeof request>>): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('graph answer too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export function createGraphGroups(config: GraphConfig, env: NodeJS.ProcessEnv): GraphGroups {
  const secret = env[config.clientSecretEnv];
  if (!secret) throw new Error(`auth.jwt.graph: the environment variable ${config.clientSecretEnv} that should hold the client secret is not set`);
  let token: { value: string; expires: number } | undefined;
  const cache = new Map<string, { groups: string[]; expires: number }>();

  async function appToken(): Promise<string> {
    if (token && token.expires > Date.now()) return token.value;
    const scope = `${new URL(config.baseUrl).origin}/.default`;
    const res = await request(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: secret!, scope }).toString(),
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`token endpoint answered ${res.statusCode}`);
    }
    const body = (await readJson(res)) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error('token endpoint gave no access_token');
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 300;
    token = { value: body.access_token, expires: Date.now() + Math.max(0, seconds - 60) * 1000 };
    return token.value;
  }

  return {
    async groupsOf(userId) {
      const hit = cache.get(userId);
      if (hit && hit.expires > Date.now()) return hit.groups;
      try {
        const res = await request(`${config.baseUrl.replace(/\/+$/, '')}/users/${encodeURIComponent(userId)}/getMemberObjects`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await appToken()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ securityEnabledOnly: false }),
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        });
        if (res.statusCode !== 200) {
          await res.body.dump();
          if (res.statusCode === 401) token = undefined;
          throw new Error(`graph answered ${res.statusCode}`);
        }
        const body = (await readJson(res)) as { value?: unknown };
        if (!Array.isArray(body.value)) throw new Error('graph answer has no value list');
        const groups = body.value.filter((g): g is string => typeof g === 'string');
        cache.set(userId, { groups, expires: Date.now() + CACHE_MS });
        return groups;
      } catch {
        throw directoryUnavailable();
      }
    },
  };
}
