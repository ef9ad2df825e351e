import { generateApiKey } from '../../../src/gateway/policy/api-keys';
import { createAuthenticator, type AuthenticateInput } from '../../../src/gateway/policy/authenticate';
import { isLoopback } from '../../../src/gateway/policy/loopback';
import { HttpError } from '../../../src/gateway/types';
import { FOREIGN_TENANT, TENANT, authConfig, claims, makeKeyPair, now, sign, unsecured, type KeyPair } from './fixtures';

let key: KeyPair;
const service = generateApiKey();

beforeAll(async () => {
  key = await makeKeyPair('k1');
});

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const result = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(HttpError);
  return result as HttpError;
}

describe('development mode', () => {
  const dev = createAuthenticator({ departments: { default: 'fehd' } }, { developmentMode: true });
  const at = (remoteAddress: string) => dev.authenticate({ remoteAddress });

  it.each(['127.0.0.1', '127.12.0.200', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.9', '0:0:0:0:0:0:0:1', '::ffff:7f00:1'])('accepts loopback %s', async (address) => {
    await expect(at(address)).resolves.toEqual({ userId: 'dev', tenantId: 'local', department: 'fehd', tier: 'paid', kind: 'development', admin: true });
  });

  it.each(['10.0.0.5', '::ffff:10.0.0.5', '192.168.1.2', '128.0.0.1', '::2', 'fe80::1', 'fe80::1%lo0', '', 'localhost', '127.0.0.1.evil', '0.0.0.0', '::'])(
    'refuses %s with 403',
    async (address) => {
      const e = await failure(at(address));
      expect(e.statusCode).toBe(403);
      expect(e.message).toMatch(/this machine only/);
    },
  );

  it('ignores credentials, and uses "dev" without a default department', async () => {
    const bare = createAuthenticator({}, { developmentMode: true });
    await expect(bare.authenticate({ remoteAddress: '::1', authorization: 'Bearer whatever' })).resolves.toMatchObject({ department: 'dev', kind: 'development' });
  });

  it('cannot be switched on while authentication is configured', () => {
    expect(() => createAuthenticator(authConfig(key), { developmentMode: true })).toThrow(/development mode/);
    expect(() =>
      createAuthenticator({ apiKeys: [{ id: 's', name: 'S', sha256: service.sha256, department: 'ld' }] }, { developmentMode: true }),
    ).toThrow(/development mode/);
  });

  it('isLoopback handles odd input', () => {
    expect(isLoopback(undefined)).toBe(false);
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.255.255.255')).toBe(true);
    expect(isLoopback('::ffff:0.127.0.1')).toBe(false);
  });
});

describe('configured authentication', () => {
  let auth: ReturnType<typeof createAuthenticator>;
  const remote = { remoteAddress: '127.0.0.1' };

  beforeAll(() => {
    auth = createAuthenticator(
      authConfig(key, { apiKeys: [{ id: 'batch', name: 'Batch', sha256: service.sha256, department: 'fehd' }], departments: { byTenant: { [TENANT]: 'ld' } } }),
      { developmentMode: false },
    );
  });

  const call = (input: Partial<AuthenticateInput>) => auth.authenticate({ ...remote, ...input });

  it('accepts a bearer JWT', async () => {
    expect(auth.mode).toBe('configured');
    await expect(call({ authorization: `Bearer ${await sign(key)}` })).resolves.toEqual({ userId: 'user-1', tenantId: TENANT, department: 'ld', tier: 'free', kind: 'user' });
    await expect(call({ authorization: `bearer ${await sign(key)}` })).resolves.toMatchObject({ kind: 'user' });
  });

  it('accepts an API key as x-api-key or as a bearer wsk_ token', async () => {
    const expected = { userId: 'batch', tenantId: 'local', department: 'fehd', tier: 'paid', kind: 'service' };
    await expect(call({ apiKey: service.key })).resolves.toEqual(expected);
    await expect(call({ authorization: `Bearer ${service.key}` })).resolves.toEqual(expected);
    await expect(call({ apiKey: service.key, authorization: `Bearer ${service.key}` })).resolves.toEqual(expected);
  });

  it('does not let loopback stand in for credentials', async () => {
    const e = await failure(call({}));
    expect(e.statusCode).toBe(401);
    expect(e.headers['WWW-Authenticate']).toBe('Bearer realm="wenshu"');
  });

  it('answers 401 with WWW-Authenticate invalid_token and a specific reason', async () => {
    const cases: Array<[string, string]> = [
      [await sign(key, claims({ exp: now() - 3600 })), 'token expired'],
      [await sign(key, claims({ nbf: now() + 3600 })), 'token not yet valid'],
      [await sign(key, claims({ aud: 'api://other' })), 'audience not accepted'],
      [await sign(key, claims({ iss: 'https://other' })), 'issuer not accepted'],
      [await sign(key, claims({ tid: FOREIGN_TENANT })), 'tenant not allowed'],
      [unsecured(), 'algorithm none not accepted'],
      [await sign(key, claims(), { alg: 'HS256', secret: new TextEncoder().encode(key.pem) }), 'algorithm HS256 not accepted'],
    ];
    for (const [token, reason] of cases) {
      const e = await failure(call({ authorization: `Bearer ${token}` }));
      expect(e.statusCode).toBe(401);
      expect(e.code).toBe('unauthorized');
      expect(e.message).toBe(reason);
      expect(e.headers['WWW-Authenticate']).toBe(`Bearer realm="wenshu", error="invalid_token", error_description="${reason}"`);
    }
  });

  it('refuses other schemes, a wrong key and two different credentials', async () => {
    expect((await failure(call({ authorization: 'Basic dXNlcjpwYXNz' }))).message).toMatch(/only "Authorization: Bearer/);
    expect((await failure(call({ authorization: 'Bearer' }))).statusCode).toBe(401);
    expect((await failure(call({ apiKey: generateApiKey().key }))).message).toBe('API key not recognised');
    expect((await failure(call({ authorization: `Bearer ${generateApiKey().key}` }))).message).toBe('API key not recognised');
    expect((await failure(call({ apiKey: service.key, authorization: `Bearer ${await sign(key)}` }))).message).toMatch(/not both/);
  });

  it('says which kind of credential this gateway does not take', async () => {
    const keysOnly = createAuthenticator({ apiKeys: [{ id: 'b', name: 'B', sha256: service.sha256, department: 'ld' }] }, { developmentMode: false });
    expect((await failure(keysOnly.authenticate({ ...remote, authorization: `Bearer ${await sign(key)}` }))).message).toMatch(/bearer tokens are not accepted/);
    const jwtOnly = createAuthenticator(authConfig(key), { developmentMode: false });
    expect((await failure(jwtOnly.authenticate({ ...remote, apiKey: service.key }))).message).toMatch(/API keys are not accepted/);
    const nothing = createAuthenticator({}, { developmentMode: false });
    expect((await failure(nothing.authenticate({ remoteAddress: '127.0.0.1' }))).statusCode).toBe(401);
  });

  it('takes the department from the mapping, never from the request', async () => {
    const token = await sign(key, claims({ department: 'fehd' }));
    await expect(call({ authorization: `Bearer ${token}` })).resolves.toMatchObject({ department: 'ld' });
    const unmapped = createAuthenticator(authConfig(key, { departments: {} }), { developmentMode: false });
    const e = await failure(unmapped.authenticate({ ...remote, authorization: `Bearer ${token}` }));
    expect(e.statusCode).toBe(403);
  });
});
