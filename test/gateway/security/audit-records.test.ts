/**
 * Issue 9, audit, through HTTP with a real SQLite file:
 * - "unauthenticated and 404 requests each write a record (a flood fills the trail)": refusals of callers
 *   never authenticated, and of paths that do not exist, are recorded at most N per window per source, the
 *   rest counted (a summary record at shutdown); authenticated calls are all recorded.
 * - "no IP, tenant, caller kind or request id": each record has them; x-request-id names the record.
 * - "request hashes are unsalted SHA-256 (short inputs can be confirmed by guessing)": digests are
 *   HMAC-SHA256 keyed with the deployment's secret, which is generated on first start, kept, and never logged.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { API_KEY, authConfig, createIdp, type TestIdp } from '../support/jwt';

let upstream: FakeUpstream;
let idp: TestIdp;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  idp = await createIdp();
});
afterAll(async () => {
  await upstream?.close();
});

const post = (url: string, headers: Record<string, string>, body: unknown) =>
  request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.statusCode, headers: r.headers, text: await r.body.text() }));

describe('refusal records are rate-limited per source', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: authConfig(idp), store: 'file', config: { audit: { refusals: { perWindow: 3, windowSeconds: 3600 } } } });
  });
  afterAll(() => gw?.close());

  it('a flood of unauthenticated and 404 requests leaves at most perWindow records, authenticated calls all, and a summary of the rest at shutdown', async () => {
    for (let i = 0; i < 40; i++) expect((await post(`${gw.v1}/chat/completions`, { authorization: 'Bearer not-a-token' }, { model: 'offline', messages: [{ role: 'user', content: 'x' }] })).status).toBe(401);
    for (let i = 0; i < 40; i++) expect((await request(`${gw.url}/wp-admin/${i}`)).statusCode).toBeGreaterThanOrEqual(400);
    for (let i = 0; i < 5; i++) expect((await post(`${gw.v1}/chat/completions`, { 'x-api-key': API_KEY }, { model: 'offline', messages: [{ role: 'user', content: `q${i}` }] })).status).toBe(200);
    const list = gw.store.audit.list({ limit: 1000 });
    const refusals = list.filter((r) => r.userId === 'anonymous');
    expect(refusals).toHaveLength(3);
    expect(refusals.every((r) => r.ip === '127.0.0.1' && r.outcome === 'refused')).toBe(true);
    expect(list.filter((r) => r.callerKind === 'api-key')).toHaveLength(5);

    await gw.stop(); // the store stays open (the test owns it): read what shutdown wrote
    const after = gw.store.audit.list({ limit: 1000 });
    const summary = after[after.length - 1];
    expect(summary).toMatchObject({ endpoint: 'refusals not recorded (rate limit)', ip: '127.0.0.1', outcome: 'refused', suppressed: 77 });
    expect(gw.store.audit.verify()).toEqual({ ok: true, count: after.length });
  });
});

describe('who, from where, which request', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: authConfig(idp), store: 'file' });
  });
  afterAll(() => gw?.close());

  it('each record carries IP, tenant, caller kind and the request id the response names', async () => {
    const token = await idp.token();
    const user = await post(`${gw.v1}/chat/completions`, { authorization: `Bearer ${token}` }, { model: 'offline', messages: [{ role: 'user', content: 'q' }] });
    const service = await post(`${gw.v1}/chat/completions`, { 'x-api-key': API_KEY }, { model: 'offline', messages: [{ role: 'user', content: 'q' }] });
    const list = gw.store.audit.list({ limit: 10 });
    const byId = (id: unknown) => list.find((r) => r.requestId === id);
    expect(byId(user.headers['x-request-id'])).toMatchObject({ callerKind: 'user', tenant: 'tenant-hk', ip: '127.0.0.1', userId: 'user-1' });
    expect(byId(service.headers['x-request-id'])).toMatchObject({ callerKind: 'api-key', tenant: 'local', ip: '127.0.0.1', userId: 'batch-checker' });
  });
});

describe('request and response digests are keyed (HMAC-SHA256)', () => {
  it('a short input cannot be confirmed by hashing guesses; the secret is generated on first start (0600), kept across restarts, never logged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenshu-hmac-'));
    const keyFile = join(dir, 'audit-hmac.key');
    const body = { model: 'offline', messages: [{ role: 'user', content: 'yes' }] };
    const once = async () => {
      const gw = await startTestGateway({ upstream, auth: authConfig(idp), ownStore: true, config: { audit: { hmacSecretFile: keyFile } } });
      try {
        const res = await post(`${gw.v1}/chat/completions`, { 'x-api-key': API_KEY }, body);
        expect(res.status).toBe(200);
        const record = gw.store.audit.list({ limit: 10 }).find((r) => r.requestId === res.headers['x-request-id'])!;
        return { record, logs: gw.logs.join('') };
      } finally {
        await gw.close();
      }
    };
    try {
      const first = await once();
      const secret = readFileSync(keyFile, 'utf8').trim();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(keyFile).mode & 0o077).toBe(0);
      // An unkeyed guess of the input ("yes") does not match the digest; the holder of the secret can check it.
      const text = JSON.stringify(body);
      expect(first.record.requestHash).not.toBe(createHash('sha256').update(text).digest('hex'));
      expect(first.record.requestHash).toBe(createHmac('sha256', secret).update(text).digest('hex'));
      expect(first.record.hashKeyId).toMatch(/^hmac-sha256:[0-9a-f]{16}$/);
      expect(first.logs).toContain(first.record.hashKeyId!);
      expect(first.logs).not.toContain(secret);
      // A restart keeps the secret: the same input gets the same digest and key id.
      const second = await once();
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(secret);
      expect(second.record.requestHash).toBe(first.record.requestHash);
      expect(second.record.hashKeyId).toBe(first.record.hashKeyId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the secret from the environment variable wins over the file; a short one is refused at start', async () => {
    const secret = 'x'.repeat(40);
    const name = 'WENSHU_TEST_AUDIT_SECRET';
    process.env[name] = secret;
    try {
      const gw = await startTestGateway({ upstream, auth: authConfig(idp), store: 'file', config: { audit: { hmacSecretEnv: name } } });
      try {
        const res = await post(`${gw.v1}/chat/completions`, { 'x-api-key': API_KEY }, { model: 'offline', messages: [{ role: 'user', content: 'no' }] });
        const record = gw.store.audit.list({ limit: 10 }).find((r) => r.requestId === res.headers['x-request-id'])!;
        expect(record.requestHash).toBe(createHmac('sha256', secret).update(JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: 'no' }] })).digest('hex'));
        expect(gw.logs.join('')).not.toContain(secret);
      } finally {
        await gw.close();
      }
      process.env[name] = 'short';
      await expect(startTestGateway({ upstream, auth: authConfig(idp), store: 'file', config: { audit: { hmacSecretEnv: name } } })).rejects.toThrow(/at least 32 characters/);
    } finally {
      delete process.env[name];
    }
  });
});
