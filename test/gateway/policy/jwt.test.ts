import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJwtVerifier } from '../../../src/gateway/policy/jwt';
import { AuthConfigSchema, type AuthConfigInput } from '../../../src/gateway/policy/auth-config';
import { HttpError } from '../../../src/gateway/types';
import { AUDIENCE, FOREIGN_TENANT, ISSUER, TENANT, authConfig, claims, makeKeyPair, now, sign, unsecured, withPayload, type KeyPair } from './fixtures';

let key: KeyPair;
let other: KeyPair;

beforeAll(async () => {
  [key, other] = await Promise.all([makeKeyPair('k1'), makeKeyPair('k2')]);
});

function verifier(input: AuthConfigInput = authConfig(key)) {
  return createJwtVerifier(AuthConfigSchema.parse(input));
}

/** The HttpError a token is refused with; fails the test if it is accepted. */
async function refusal(token: string, input?: AuthConfigInput): Promise<HttpError> {
  try {
    await verifier(input).verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    const e = error as HttpError;
    // Whatever the reason, it never carries the token or any of its parts.
    for (const part of token.split('.').filter((p) => p.length > 8)) {
      expect(e.message).not.toContain(part);
      expect(JSON.stringify(e.headers)).not.toContain(part);
    }
    return e;
  }
  throw new Error('token was accepted');
}

describe('JWT verification (inline JWKS)', () => {
  it('accepts a valid RS256 token and maps it to a caller', async () => {
    const caller = await verifier().verify(await sign(key));
    expect(caller).toEqual({ userId: 'user-1', tenantId: TENANT, department: 'general', tier: 'free', kind: 'user' });
  });

  it('accepts a token that expired within the clock skew, and refuses one beyond it', async () => {
    await expect(verifier().verify(await sign(key, claims({ exp: now() - 30 })))).resolves.toMatchObject({ userId: 'user-1' });
    const e = await refusal(await sign(key, claims({ exp: now() - 120 })));
    expect(e.statusCode).toBe(401);
    expect(e.message).toBe('token expired');
    expect(e.headers['WWW-Authenticate']).toBe('Bearer realm="wenshu", error="invalid_token", error_description="token expired"');
  });

  it('honours a configured skew of 0', async () => {
    await expect(verifier().verify(await sign(key, claims({ exp: now() - 2 })))).resolves.toBeDefined();
    const strict = authConfig(key);
    strict.jwt!.clockSkewSeconds = 0;
    expect((await refusal(await sign(key, claims({ exp: now() - 2 })), strict)).message).toBe('token expired');
  });

  it('refuses a token not yet valid', async () => {
    expect((await refusal(await sign(key, claims({ nbf: now() + 600 })))).message).toBe('token not yet valid');
  });

  it('refuses a token without an expiry', async () => {
    const payload = claims();
    delete payload.exp;
    expect((await refusal(await sign(key, payload))).message).toBe('token has no expiry (exp) claim');
  });

  it('refuses a wrong audience', async () => {
    expect((await refusal(await sign(key, claims({ aud: 'api://someone-else' })))).message).toBe('audience not accepted');
  });

  it('accepts any configured audience, including in an aud array', async () => {
    await expect(verifier().verify(await sign(key, claims({ aud: ['api://other', AUDIENCE] })))).resolves.toBeDefined();
  });

  it('refuses a wrong issuer', async () => {
    expect((await refusal(await sign(key, claims({ iss: 'https://evil.example/v2.0' })))).message).toBe('issuer not accepted');
  });

  it('refuses a tenant not on the allow-list, and a token without tid', async () => {
    expect((await refusal(await sign(key, claims({ tid: FOREIGN_TENANT })))).message).toBe('tenant not allowed');
    const payload = claims();
    delete payload.tid;
    expect((await refusal(await sign(key, payload))).message).toBe('token has no tid claim');
  });

  it('refuses a token without oid', async () => {
    const payload = claims();
    delete payload.oid;
    expect((await refusal(await sign(key, payload))).message).toBe('token has no oid claim');
    expect((await refusal(await sign(key, claims({ oid: 42 })))).message).toBe('token has no oid claim');
  });

  it('refuses alg none (crafted by hand), in any spelling', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const e = await refusal(unsecured(claims(), alg));
      expect(e.statusCode).toBe(401);
      expect(e.message).toBe(`algorithm ${alg} not accepted`);
    }
    // With a signature part appended, too.
    expect((await refusal(unsecured() + 'c2lnbmF0dXJl')).message).toBe('algorithm none not accepted');
  });

  it('refuses HS256 signed with a shared secret', async () => {
    const token = await sign(key, claims(), { alg: 'HS256', secret: new TextEncoder().encode('a shared secret of at least 32 bytes!!') });
    expect((await refusal(token)).message).toBe('algorithm HS256 not accepted');
  });

  it('refuses HS256 signed with the RSA public key (PEM bytes and JWK modulus), the key-confusion attack', async () => {
    for (const secret of [new TextEncoder().encode(key.pem), new TextEncoder().encode(JSON.stringify(key.jwk)), Buffer.from(key.jwk.n!, 'base64url')]) {
      const token = await sign(key, claims(), { alg: 'HS256', secret });
      expect((await refusal(token)).message).toBe('algorithm HS256 not accepted');
    }
  });

  it('refuses other asymmetric algorithms even with the right key', async () => {
    for (const alg of ['RS512', 'PS256']) {
      const token = await sign(key, claims(), { alg });
      expect((await refusal(token)).message).toBe(`algorithm ${alg} not accepted`);
    }
  });

  it('does not echo a strange algorithm name', async () => {
    const e = await refusal(unsecured(claims(), 'x"; injected=1'));
    expect(e.message).toBe('algorithm given not accepted');
  });

  it('refuses an altered payload (the signature no longer matches)', async () => {
    const token = await sign(key);
    const e = await refusal(withPayload(token, claims({ oid: 'admin', tid: TENANT })));
    expect(e.message).toBe('signature invalid');
  });

  it('refuses an altered signature', async () => {
    const token = await sign(key);
    const [h, p, s] = token.split('.');
    const flipped = (s[10] === 'A' ? 'B' : 'A');
    expect((await refusal(`${h}.${p}.${s.slice(0, 10)}${flipped}${s.slice(11)}`)).message).toBe('signature invalid');
  });

  it('refuses a token signed by another key under the known kid', async () => {
    expect((await refusal(await sign(other, claims(), { kid: 'k1' }))).message).toBe('signature invalid');
  });

  it('refuses an unknown kid', async () => {
    const e = await refusal(await sign(other));
    expect(e.message).toMatch(/unknown kid/);
  });

  it('refuses malformed tokens', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', 'not a token at all', 'x'.repeat(20_000)]) {
      const e = await refusal(token);
      expect(e.statusCode).toBe(401);
    }
  });
});

describe('department mapping', () => {
  const config = (departments: NonNullable<AuthConfigInput['departments']>) => authConfig(key, { departments, tiers: { fehd: 'paid' } });

  it('maps by user first', async () => {
    const c = config({ byUser: { 'user-1': 'fehd' }, byGroup: { g1: 'ld' }, byTenant: { [TENANT]: 'hyd' }, default: 'general' });
    expect(await verifier(c).verify(await sign(key, claims({ groups: ['g1'] })))).toMatchObject({ department: 'fehd', tier: 'paid' });
  });

  it('maps by the first configured group the token carries, whatever the token order', async () => {
    const c = config({ byGroup: { 'g-a': 'ld', 'g-b': 'hyd', 'g-c': 'fehd' }, default: 'general' });
    const v = verifier(c);
    expect((await v.verify(await sign(key, claims({ groups: ['g-c', 'g-b'] })))).department).toBe('hyd');
    expect((await v.verify(await sign(key, claims({ groups: ['g-b', 'g-c'] })))).department).toBe('hyd');
    expect((await v.verify(await sign(key, claims({ groups: ['g-x', 'g-c'] })))).department).toBe('fehd');
    expect((await v.verify(await sign(key, claims({ groups: ['g-x'] })))).department).toBe('general');
  });

  it('maps by tenant, then default', async () => {
    expect((await verifier(config({ byTenant: { [TENANT]: 'hyd' }, default: 'general' })).verify(await sign(key))).department).toBe('hyd');
    expect((await verifier(config({ default: 'general' })).verify(await sign(key))).department).toBe('general');
  });

  it('refuses with 403 and a reason when nothing maps', async () => {
    const e = await refusal(await sign(key, claims({ groups: ['g-x'] })), config({ byGroup: { 'g-a': 'ld' } }));
    expect(e.statusCode).toBe(403);
    expect(e.message).toMatch(/no department is configured/);
  });

  it('ignores a department the token asserts', async () => {
    const token = await sign(key, claims({ department: 'fehd', dept: 'fehd', extension_department: 'fehd', roles: ['fehd'] }));
    expect((await verifier(config({ default: 'general' })).verify(token)).department).toBe('general');
    const e = await refusal(token, config({}));
    expect(e.statusCode).toBe(403);
  });

  it('does not map ids that name Object.prototype members', async () => {
    const c = config({ byUser: {}, byGroup: {}, byTenant: {} });
    for (const oid of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const e = await refusal(await sign(key, claims({ oid, groups: ['constructor', '__proto__'] })), c);
      expect(e.statusCode).toBe(403);
    }
  });

  it('takes the tier from the department, free when not listed', async () => {
    const c = config({ byUser: { 'user-1': 'fehd', 'user-2': 'ld' } });
    expect((await verifier(c).verify(await sign(key))).tier).toBe('paid');
    expect((await verifier(c).verify(await sign(key, claims({ oid: 'user-2' })))).tier).toBe('free');
  });
});

describe('JWT verification against a JWKS URL (loopback HTTP server)', () => {
  let server: Server;
  let url: string;
  let keys: object[];
  let status = 200;
  let fetches = 0;

  beforeAll(async () => {
    keys = [key.jwk];
    server = createServer((req, res) => {
      fetches++;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? JSON.stringify({ keys }) : '{"error":"boom"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/keys`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    keys = [key.jwk];
    status = 200;
    fetches = 0;
  });

  const remote = (options = {}) => createJwtVerifier(AuthConfigSchema.parse(authConfig({ jwksUrl: url })), { remote: options });

  it('fetches the key set once and caches it', async () => {
    const v = remote();
    const token = await sign(key);
    await expect(v.verify(token)).resolves.toMatchObject({ userId: 'user-1', tenantId: TENANT });
    await expect(v.verify(token)).resolves.toBeDefined();
    expect(fetches).toBe(1);
  });

  it('runs the same refusals as inline keys', async () => {
    const v = remote();
    await expect(v.verify(unsecured())).rejects.toThrow('algorithm none not accepted');
    await expect(v.verify(await sign(key, claims(), { alg: 'HS256', secret: new TextEncoder().encode(key.pem) }))).rejects.toThrow('algorithm HS256 not accepted');
    await expect(v.verify(await sign(key, claims({ exp: now() - 3600 })))).rejects.toThrow('token expired');
    await expect(v.verify(await sign(key, claims({ tid: FOREIGN_TENANT })))).rejects.toThrow('tenant not allowed');
    await expect(v.verify(withPayload(await sign(key), claims({ oid: 'x' })))).rejects.toThrow('signature invalid');
  });

  it('picks up a rotated key after the cooldown, and refuses an unknown kid', async () => {
    const v = remote({ cooldownMs: 1 });
    await v.verify(await sign(key));
    keys = [key.jwk, other.jwk];
    await new Promise((r) => setTimeout(r, 5));
    await expect(v.verify(await sign(other))).resolves.toBeDefined();
    expect(fetches).toBe(2);
    const stranger = await makeKeyPair('k3');
    await new Promise((r) => setTimeout(r, 5));
    await expect(v.verify(await sign(stranger))).rejects.toThrow(/unknown kid/);
  });

  it('answers 503 (not 401) when the key set cannot be fetched', async () => {
    status = 500;
    const e = await remote().verify(await sign(key)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).statusCode).toBe(503);

    const closed = createJwtVerifier(AuthConfigSchema.parse(authConfig({ jwksUrl: 'http://127.0.0.1:1/keys' })));
    const e2 = await closed.verify(await sign(key)).catch((x: unknown) => x);
    expect((e2 as HttpError).statusCode).toBe(503);
  });

  it('never fetches for a token refused by its header', async () => {
    const v = remote();
    await expect(v.verify(unsecured())).rejects.toThrow();
    await expect(v.verify(await sign(key, claims(), { alg: 'HS256', secret: new TextEncoder().encode(key.pem) }))).rejects.toThrow();
    expect(fetches).toBe(0);
  });
});

it('keeps ISSUER and AUDIENCE exact (no prefix matching)', async () => {
  const v = verifier();
  await expect(v.verify(await sign(key, claims({ iss: `${ISSUER}/x` })))).rejects.toThrow('issuer not accepted');
  await expect(v.verify(await sign(key, claims({ aud: `${AUDIENCE}x` })))).rejects.toThrow('audience not accepted');
});
