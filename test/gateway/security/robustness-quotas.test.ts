/**
 * Issue 9, "/v1/checks and /v1/knowledge/search have no quota": every POST endpoint counts against the caller's
 * per-minute budgets (the same quota store as model calls), refused with 429 and Retry-After; model calls are
 * still counted once, by the gate.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream?.close());

const LIMIT = 3;
const HIGH = { requestsPerMinute: 10_000, tokensPerDay: 100_000_000 };

/** A gateway whose development user (paid tier) may make LIMIT requests a minute. */
function limited(scope: 'user' | 'department') {
  const tier = { user: scope === 'user' ? { ...HIGH, requestsPerMinute: LIMIT } : HIGH, department: scope === 'department' ? { ...HIGH, requestsPerMinute: LIMIT } : HIGH, maxTokens: 256 };
  return startTestGateway({ upstream, config: { quotas: { free: tier, paid: tier } } });
}

const post = (gw: TestGateway, path: string, body: unknown) =>
  request(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.statusCode,
    headers: r.headers,
    body: (await r.body.json()) as any,
  }));

/**
 * Runs `send` LIMIT + 1 times in one fixed quota minute (windows are aligned to the UTC minute: a run that
 * crosses a boundary is started again) and returns the statuses.
 */
async function overTheLimit(make: () => Promise<TestGateway>, send: (gw: TestGateway) => Promise<{ status: number; headers?: any; body?: any }>) {
  for (let tries = 0; tries < 3; tries++) {
    const gw = await make();
    try {
      const minute = Math.floor(Date.now() / 60_000);
      const results = [];
      for (let i = 0; i <= LIMIT; i++) results.push(await send(gw));
      if (Math.floor(Date.now() / 60_000) === minute) return results;
    } finally {
      await gw.close();
    }
  }
  throw new Error('could not stay within one quota minute');
}

describe('/v1/checks and /v1/knowledge/search have no quota', () => {
  it.each([
    ['/v1/checks', 'user' as const, { text: '本署現回覆閣下來信。' }],
    ['/v1/checks', 'department' as const, { text: 'Dear Sir, thank you.' }],
    ['/v1/knowledge/search', 'user' as const, { query: 'market stall licence' }],
  ])('%s past the %s requests-per-minute limit: 429 with Retry-After', async (path, scope, body) => {
    const results = await overTheLimit(
      () => limited(scope),
      (gw) => post(gw, path, body),
    );
    expect(results.slice(0, LIMIT).map((r) => r.status)).toEqual(Array(LIMIT).fill(200));
    const refused = results[LIMIT];
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('quota_exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('model calls are counted once (by the gate), not again for the endpoint', async () => {
    const results = await overTheLimit(
      () => limited('user'),
      (gw) =>
        new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0 }).chat.completions
          .create({ model: 'local', messages: [{ role: 'user', content: 'x' }] })
          .then(
            () => ({ status: 200 }),
            (e) => ({ status: e.status as number }),
          ),
    );
    expect(results.map((r) => r.status)).toEqual([...Array(LIMIT).fill(200), 429]);
  });

  it('reading the gateway’s lists (GET /v1/templates) is not counted', async () => {
    const gw = await limited('user');
    try {
      for (let i = 0; i < LIMIT + 2; i++) expect((await request(`${gw.url}/v1/templates`)).statusCode).toBe(200);
    } finally {
      await gw.close();
    }
  });
});
