/**
 * API keys for services: `x-api-key: wsk_...` or `Authorization: Bearer wsk_...`. The configuration holds
 * only the sha256 of each key; a presented key is hashed and compared with every configured hash in
 * constant time (no early exit, so the time taken says nothing about which key came close).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller } from '../types';
import type { ApiKeyConfig, AuthConfig } from './auth-config';
import { invalidToken } from './auth-errors';
import { tierOf } from './departments';

export const API_KEY_PREFIX = 'wsk_';
/** Real keys are 47 characters; anything much longer is not worth hashing. */
const MAX_KEY_LENGTH = 256;

export function isApiKeyLike(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

export function sha256Hex(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key for `wenshu` to print once; only `sha256` goes into the configuration. */
export function generateApiKey(): { key: string; sha256: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, sha256: sha256Hex(key) };
}

export interface ApiKeyVerifier {
  /** The service a key belongs to, or a thrown 401. */
  verify(key: string): Caller;
}

export function createApiKeyVerifier(auth: Pick<AuthConfig, 'apiKeys' | 'tiers'>): ApiKeyVerifier {
  const entries: Array<{ digest: Buffer; key: ApiKeyConfig }> = (auth.apiKeys ?? []).map((key) => ({
    digest: Buffer.from(key.sha256.toLowerCase(), 'hex'),
    key,
  }));
  return {
    verify(presented) {
      const candidate = createHash('sha256')
        .update(presented.slice(0, MAX_KEY_LENGTH), 'utf8')
        .digest();
      let found: ApiKeyConfig | undefined;
      for (const entry of entries) {
        // Every entry is compared, whatever matched before.
        if (timingSafeEqual(candidate, entry.digest) && !found) found = entry.key;
      }
      if (!found || presented.length > MAX_KEY_LENGTH || !isApiKeyLike(presented)) throw invalidToken('API key not recognised');
      return { userId: found.id, tenantId: 'local', department: found.department, tier: found.tier ?? tierOf(auth.tiers, found.department), kind: 'service', ...(found.admin ? { admin: true } : {}) };
    },
  };
}
