/**
 * Issue 9, "Dev mode (no auth configured) admits any loopback socket": development mode only when asked for,
 * loopback bind only, proxied requests and foreign Host names refused. Through HTTP against a real gateway.
 */
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { rawRequest } from '../support/http';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream?.close());
afterEach(() => upstream.reset());

const ask = [{ role: 'user' as const, content: 'Please check this sentence.' }];
const chatBody = JSON.stringify({ model: 'local', messages: ask });

describe('dev mode only when asked for', () => {
  it('no auth configured: the gateway refuses to start (no silent development mode)', async () => {
    await expect(startTestGateway({ upstream, auth: {} })).rejects.toThrow(/refusing to start: no authentication is configured/);
    // an auth section with only a department mapping authenticates nobody either
    await expect(startTestGateway({ upstream, auth: { departments: { default: 'fehd' } } })).rejects.toThrow(/refusing to start/);
  });

  it('--dev with no auth configured starts development mode, and says so in the log', async () => {
    const gw = await startTestGateway({ upstream, auth: {}, dev: true });
    try {
      const client = new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0 });
      const out = await client.chat.completions.create({ model: 'local', messages: ask });
      expect(out.choices[0].message.content).toBeTruthy();
      expect(gw.logs.join('')).toContain('DEVELOPMENT MODE (asked for)');
    } finally {
      await gw.close();
    }
  });

  it('--dev is ignored when authentication is configured: a loopback caller without credentials gets 401', async () => {
    const { createHash } = await import('node:crypto');
    const key = 'wsk_hardening-dev-mode-key-0123456789abcdefghijk';
    const gw = await startTestGateway({ upstream, dev: true, auth: { apiKeys: [{ id: 'svc', name: 'Service', sha256: createHash('sha256').update(key).digest('hex'), department: 'td' }] } });
    try {
      const r = await rawRequest(`${gw.url}/v1/templates`);
      expect(r.status).toBe(401);
      expect(gw.logs.join('')).toContain('--dev ignored');
    } finally {
      await gw.close();
    }
  });

  it('auth.mode development together with jwt or apiKeys is a configuration error', async () => {
    await expect(
      startTestGateway({ upstream, auth: { mode: 'development', apiKeys: [{ id: 'svc', name: 'S', sha256: 'a'.repeat(64), department: 'td' }] } }),
    ).rejects.toThrow(/development mode is for a gateway without jwt or apiKeys/);
  });

  it('dev mode binds to loopback only: 0.0.0.0 without authentication refuses to start', async () => {
    await expect(startTestGateway({ upstream, config: { server: { host: '0.0.0.0' } } })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without authentication/);
  });
});

describe('dev mode: a reverse proxy or sidecar on the same host is not a development user', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream });
  });
  afterAll(() => gw?.close());

  it('a direct loopback request with a loopback Host is served', async () => {
    const r = await rawRequest(`${gw.url}/v1/chat/completions`, { method: 'POST', body: chatBody });
    expect(r.status).toBe(200);
    expect(upstream.chatRequests).toHaveLength(1);
  });

  it.each([
    ['Forwarded', { forwarded: 'for=203.0.113.7;proto=https' }],
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.7' }],
    ['X-Forwarded-Host', { 'x-forwarded-host': 'wenshu.example.gov.hk' }],
    ['X-Forwarded-Proto', { 'x-forwarded-proto': 'https' }],
    ['Via', { via: '1.1 nginx' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.7' }],
  ])('a request carrying %s is refused with 403 before anything reaches a model', async (name, headers) => {
    const r = await rawRequest(`${gw.url}/v1/chat/completions`, { method: 'POST', headers, body: chatBody });
    expect(r.status).toBe(403);
    expect(r.json().error.message).toMatch(new RegExp(`came through a proxy \\(${name.toLowerCase()} header\\)`));
    expect(upstream.chatRequests).toHaveLength(0);
  });

  it('the openai client behind a proxy (default headers) is refused too', async () => {
    const client = new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-forwarded-for': '10.1.2.3' } });
    const err = await client.chat.completions.create({ model: 'local', messages: ask }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(upstream.chatRequests).toHaveLength(0);
  });
});

describe('dev mode: DNS rebinding (a foreign Host header) is refused', () => {
  let gw: TestGateway;
  let port: string;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream });
    port = new URL(gw.url).port;
  });
  afterAll(() => gw?.close());

  it.each([
    ['a rebinding page’s own name', () => `attacker.example.com:${port}`],
    ['a name that only starts with localhost', () => `localhost.attacker.example.com:${port}`],
    ['a loopback name on another port', () => `127.0.0.1:${Number(port) === 1 ? 2 : 1}`],
    ['an address that is not loopback', () => `192.168.1.20:${port}`],
    ['no port at all (port 80 is not the gateway’s)', () => 'localhost'],
  ])('Host: %s gets 403 and reaches no model', async (_name, host) => {
    const r = await rawRequest(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { host: host() }, body: chatBody });
    expect(r.status).toBe(403);
    expect(r.json().error.message).toMatch(/loopback Host header/);
    expect(upstream.chatRequests).toHaveLength(0);
  });

  it.each([['localhost'], ['127.0.0.1'], ['LOCALHOST']])('Host: %s on the gateway’s port is served', async (name) => {
    const r = await rawRequest(`${gw.url}/v1/templates`, { headers: { host: `${name}:${port}` } });
    expect(r.status).toBe(200);
  });

  it('the health endpoints obey the same rule (nothing of the gateway answers a rebinding page)', async () => {
    const r = await rawRequest(`${gw.url}/readyz`, { headers: { host: `attacker.example.com:${port}` } });
    expect(r.status).toBe(403);
  });
});
