/**
 * Authentication through the real clients: bearer JWTs (RS256 against an inline JWKS) and API keys; the
 * department comes from the server's mapping only; development mode is loopback-only.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream } from '../support/fake-upstream';
import { everythingRecorded, startTestGateway, type TestGateway } from '../support/gateway';
import { alterPayload, alterSignature, API_KEY, AUDIENCE, authConfig, createIdp, hs256Token, ISSUER, TD_GROUP, TENANT, unsignedToken, type TestIdp } from '../support/jwt';

let upstream: FakeUpstream;
let idp: TestIdp;
let gw: TestGateway;
const usedCredentials: string[] = [];

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  idp = await createIdp();
  gw = await startTestGateway({ upstream, auth: authConfig(idp) });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const client = (apiKey: string) => {
  usedCredentials.push(apiKey);
  return new OpenAI({ baseURL: gw.v1, apiKey, maxRetries: 0 });
};
const ask = [{ role: 'user' as const, content: 'Please check this sentence.' }];

async function raw(path: string, headers: Record<string, string>) {
  const res = await request(`${gw.url}${path}`, { headers });
  const body = (await res.body.json()) as any;
  return { status: res.statusCode, body, headers: res.headers };
}

describe('JWT', () => {
  it('accepts a valid RS256 token; the caller is oid+tid with the department from the group mapping', async () => {
    const token = await idp.token();
    const out = await client(token).chat.completions.create({ model: 'offline', messages: ask });
    expect(out.choices[0].message.content).toContain('Offline drafter');
    const t = await raw('/v1/templates', { authorization: `Bearer ${token}` });
    expect(t.body.departments.map((d: any) => d.id)).toEqual(['fehd']);
    const last = gw.store.audit.list({ limit: 1_000 }).pop()!;
    expect(last).toMatchObject({ userId: 'user-1', department: 'fehd' });
  });

  it('reads the department from the server’s mapping, never from the client', async () => {
    const token = await idp.token({ department: 'td', dept: 'td', groups: ['grp-fehd-officers'] });
    usedCredentials.push(token);
    const t = await raw('/v1/templates', { authorization: `Bearer ${token}`, 'x-wenshu-department': 'td' });
    expect(t.body.departments.map((d: any) => d.id)).toEqual(['fehd']);
    const td = await idp.token({ groups: [TD_GROUP] });
    usedCredentials.push(td);
    expect((await raw('/v1/templates', { authorization: `Bearer ${td}` })).body.departments[0].id).toBe('td');
  });

  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    ['expired', () => idp.token({ exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['wrong audience', () => idp.token({ aud: 'api://someone-else' }), /audience/],
    ['wrong issuer', () => idp.token({ iss: 'https://evil.example.com/v2.0' }), /issuer/],
    ['foreign tenant', () => idp.token({ tid: 'tenant-elsewhere' }), /tenant/],
    ['alg none', async () => unsignedToken({ oid: 'user-1', tid: TENANT, iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 }), /algorithm none not accepted/],
    ['HS256 with the public key as secret', () => hs256Token({ oid: 'user-1', tid: TENANT, iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 }, idp.publicJwk), /algorithm HS256 not accepted/],
    ['altered signature', async () => alterSignature(await idp.token()), /signature invalid/],
    ['altered payload', async () => alterPayload(await idp.token(), { oid: 'admin' }), /signature invalid/],
    ['signed by another key', async () => (await createIdp()).token({}, { kid: 'test-key-1' }), /signature invalid/],
    ['unknown kid', async () => idp.token({}, { kid: 'rotated-away' }), /kid/],
    ['not a JWT', async () => 'not-a-jwt', /malformed/],
  ];

  it.each(cases)('refuses a token that is %s with 401 and a reason', async (_name, make, reason) => {
    const token = await make();
    const err = await client(token).chat.completions.create({ model: 'local', messages: ask }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(reason);
    expect(err.headers.get('www-authenticate')).toMatch(/^Bearer realm="wenshu", error="invalid_token"/);
    // refused before anything reached a model
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a request with no credentials with 401', async () => {
    const r = await raw('/v1/models', {});
    expect(r.status).toBe(401);
    expect(r.body.error.type).toBe('authentication_error');
    expect(r.headers['www-authenticate']).toBe('Bearer realm="wenshu"');
  });

  it('leaves health endpoints open', async () => {
    expect((await request(`${gw.url}/healthz`)).statusCode).toBe(200);
    expect((await request(`${gw.url}/readyz`)).statusCode).toBe(200);
  });
});

describe('API keys', () => {
  it('accepts a configured key in x-api-key or as a bearer token, as the service of its department', async () => {
    const viaHeader = await raw('/v1/templates', { 'x-api-key': API_KEY });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.departments[0].id).toBe('td');
    const out = await client(API_KEY).chat.completions.create({ model: 'offline', messages: ask });
    expect(out.choices[0].message.content).toBeTruthy();
    expect(gw.store.audit.list({ limit: 1_000 }).pop()).toMatchObject({ userId: 'batch-checker', department: 'td' });
  });

  it('refuses an unknown key with 401', async () => {
    const r = await raw('/v1/templates', { 'x-api-key': 'wsk_not-a-configured-key-000000000000000000000' });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/API key/);
  });
});

describe('secrets', () => {
  it('never writes a token or key into a log line or an audit record', async () => {
    usedCredentials.push(API_KEY);
    const all = everythingRecorded(gw);
    expect(gw.store.audit.list({ limit: 1_000 }).length).toBeGreaterThan(10);
    for (const secret of new Set(usedCredentials)) {
      if (secret.length < 12) continue;
      expect(all).not.toContain(secret);
      // nor the signature part on its own
      const sig = secret.split('.')[2];
      if (sig && sig.length > 20) expect(all).not.toContain(sig);
    }
  });
});

describe('development mode', () => {
  it('refuses to start on a non-loopback host without authentication', async () => {
    await expect(startTestGateway({ config: { server: { host: '0.0.0.0' } } })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without authentication/);
  });

  it('accepts loopback callers as the development user of the default department, and says so loudly', async () => {
    const dev = await startTestGateway({});
    try {
      const r = await request(`${dev.url}/v1/templates`);
      const body = (await r.body.json()) as any;
      expect(r.statusCode).toBe(200);
      expect(body.departments[0].id).toBe('fehd');
      expect(dev.logs.join('')).toContain('DEVELOPMENT MODE');
    } finally {
      await dev.close();
    }
  });
});
