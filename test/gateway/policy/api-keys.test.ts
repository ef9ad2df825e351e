import { createApiKeyVerifier, generateApiKey, sha256Hex } from '../../../src/gateway/policy/api-keys';
import { AuthConfigSchema } from '../../../src/gateway/policy/auth-config';
import { HttpError } from '../../../src/gateway/types';

// The module object itself (not an import namespace copy), so the spy sees the calls api-keys.ts makes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('node:crypto') as typeof import('node:crypto');

const keys = [generateApiKey(), generateApiKey(), generateApiKey()];
const config = AuthConfigSchema.parse({
  tiers: { fehd: 'paid' },
  apiKeys: [
    { id: 'batch-checker', name: 'Nightly checker', sha256: keys[0].sha256, department: 'fehd' },
    { id: 'intranet-bot', name: 'Intranet bot', sha256: keys[1].sha256.toUpperCase(), department: 'ld', tier: 'paid' },
    { id: 'test-runner', name: 'Tests', sha256: keys[2].sha256, department: 'ld' },
  ],
});

describe('generateApiKey', () => {
  it('makes wsk_ + base64url of 32 random bytes, with its sha256', () => {
    const { key, sha256 } = generateApiKey();
    expect(key).toMatch(/^wsk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    expect(sha256).toBe(crypto.createHash('sha256').update(key).digest('hex'));
    expect(sha256Hex(key)).toBe(sha256);
    expect(new Set(Array.from({ length: 50 }, () => generateApiKey().key)).size).toBe(50);
  });
});

describe('API key verification', () => {
  const verifier = createApiKeyVerifier(config);

  it('accepts configured keys as service callers', () => {
    expect(verifier.verify(keys[0].key)).toEqual({ userId: 'batch-checker', tenantId: 'local', department: 'fehd', tier: 'paid', kind: 'service' });
    expect(verifier.verify(keys[1].key)).toMatchObject({ userId: 'intranet-bot', department: 'ld', tier: 'paid' });
    expect(verifier.verify(keys[2].key)).toMatchObject({ userId: 'test-runner', department: 'ld', tier: 'free' });
  });

  it('refuses unknown, altered and unprefixed keys with a 401 that does not echo them', () => {
    const altered = keys[0].key.slice(0, -1) + (keys[0].key.endsWith('A') ? 'B' : 'A');
    for (const key of [generateApiKey().key, altered, keys[0].key.slice(4), keys[0].sha256, '', 'wsk_', keys[0].key + ' ', keys[0].key + 'x'.repeat(300)]) {
      let error: unknown;
      try {
        verifier.verify(key);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).statusCode).toBe(401);
      expect((error as HttpError).message).toBe('API key not recognised');
      if (key.length > 4) expect(JSON.stringify((error as HttpError).headers)).not.toContain(key.slice(4));
    }
  });

  it('refuses a key whose sha256 matches but that lacks the wsk_ prefix', () => {
    const v = createApiKeyVerifier(AuthConfigSchema.parse({ apiKeys: [{ id: 'old', name: 'Old', sha256: sha256Hex('plain-secret'), department: 'ld' }] }));
    expect(() => v.verify('plain-secret')).toThrow('API key not recognised');
  });

  it('compares with timingSafeEqual against every configured key, matched or not (no early exit)', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      verifier.verify(keys[0].key);
      expect(spy).toHaveBeenCalledTimes(3);
      spy.mockClear();
      expect(() => verifier.verify(generateApiKey().key)).toThrow();
      expect(spy).toHaveBeenCalledTimes(3);
      spy.mockClear();
      expect(() => verifier.verify('short')).toThrow();
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('API key configuration', () => {
  const entry = { id: 'svc', name: 'Service', sha256: 'a'.repeat(64), department: 'ld' };

  it('stores hashes in lower case and takes hex only', () => {
    expect(AuthConfigSchema.parse({ apiKeys: [{ ...entry, sha256: 'A'.repeat(64) }] }).apiKeys?.[0].sha256).toBe('a'.repeat(64));
    expect(() => AuthConfigSchema.parse({ apiKeys: [{ ...entry, sha256: 'wsk_abc' }] })).toThrow(/64 hex/);
    expect(() => AuthConfigSchema.parse({ apiKeys: [{ ...entry, sha256: 'g'.repeat(64) }] })).toThrow();
  });

  it('refuses duplicate ids and duplicate keys, and a plain key in place of its hash', () => {
    expect(() => AuthConfigSchema.parse({ apiKeys: [entry, { ...entry, sha256: 'b'.repeat(64) }] })).toThrow(/duplicate API key id/);
    expect(() => AuthConfigSchema.parse({ apiKeys: [entry, { ...entry, id: 'svc2' }] })).toThrow(/configured twice/);
    expect(() => AuthConfigSchema.parse({ apiKeys: [{ ...entry, sha256: undefined, key: generateApiKey().key }] })).toThrow();
  });
});
