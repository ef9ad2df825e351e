/**
 * Issue 9, "/metrics is unauthenticated and names departments, models and token volumes": on the main port it
 * needs an administrator credential (an API key with admin: true, or a token with one of auth.jwt.adminRoles);
 * with server.metrics.port it lives on its own listener bound to 127.0.0.1 and not on the main port at all.
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { rawRequest } from '../support/http';
import { API_KEY, authConfig, createIdp, type TestIdp } from '../support/jwt';

const ADMIN_KEY = 'wsk_hardening-metrics-admin-key-0123456789abcdefgh';
let upstream: FakeUpstream;
let idp: TestIdp;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
  idp = await createIdp();
});
afterAll(() => upstream?.close());

function auth() {
  const base = authConfig(idp);
  return {
    ...base,
    jwt: { ...base.jwt, adminRoles: ['Wenshu.Admin'] },
    apiKeys: [...base.apiKeys, { id: 'monitoring', name: 'Prometheus', sha256: createHash('sha256').update(ADMIN_KEY).digest('hex'), department: 'td', admin: true }],
  };
}

/** One model call, so the metrics name a department, a model and token counts. */
async function useTheGateway(gw: TestGateway) {
  const client = new OpenAI({ baseURL: gw.v1, apiKey: await idp.token(), maxRetries: 0 });
  await client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'Hello' }] });
}

describe('/metrics on the main port: administrators only', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: auth() });
    await useTheGateway(gw);
  });
  afterAll(() => gw?.close());

  it('without credentials: 401, and no metric in the body', async () => {
    const r = await rawRequest(`${gw.url}/metrics`);
    expect(r.status).toBe(401);
    expect(r.text).not.toMatch(/wenshu_tokens_total|fehd/);
  });

  it('an ordinary API key or user token: 403, and no metric in the body', async () => {
    for (const headers of <Array<Record<string, string>>>[{ 'x-api-key': API_KEY }, { authorization: `Bearer ${await idp.token()}` }]) {
      const r = await rawRequest(`${gw.url}/metrics`, { headers });
      expect(r.status).toBe(403);
      expect(r.json().error.message).toMatch(/administrator credential/);
      expect(r.text).not.toMatch(/wenshu_tokens_total/);
    }
  });

  it('an admin API key, or a token with an admin role, reads the metrics', async () => {
    for (const headers of <Array<Record<string, string>>>[{ 'x-api-key': ADMIN_KEY }, { authorization: `Bearer ${await idp.token({ roles: ['Wenshu.Admin'] })}` }]) {
      const r = await rawRequest(`${gw.url}/metrics`, { headers });
      expect(r.status).toBe(200);
      expect(r.text).toMatch(/wenshu_tokens_total\{[^}]*department="fehd"/);
    }
  });
});

describe('/metrics on server.metrics.port: a separate loopback listener', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: auth(), config: { server: { metrics: { port: 0 } } } });
    await useTheGateway(gw);
  });
  afterAll(() => gw?.close());

  it('is bound to 127.0.0.1 and serves the scraper there', async () => {
    expect(gw.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gw.metricsUrl).not.toBe(gw.url);
    const r = await rawRequest(`${gw.metricsUrl}/metrics`);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/wenshu_tokens_total\{[^}]*model="local"/);
  });

  it('is not on the main port at all, whoever asks', async () => {
    const r = await rawRequest(`${gw.url}/metrics`, { headers: { 'x-api-key': ADMIN_KEY } });
    expect(r.status).toBe(404);
    expect(r.text).not.toMatch(/wenshu_tokens_total/);
  });
});
