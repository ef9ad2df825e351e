/**
 * Quotas under concurrency: two requests at the edge of a budget, in flight together: exactly one admitted,
 * the other 429 with Retry-After and a reason, and the refused one never reaches the upstream.
 */
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream?.close());
afterEach(() => upstream.reset());

const HIGH = { requestsPerMinute: 10_000, tokensPerDay: 100_000_000 };

async function withLimits(tier: { user: typeof HIGH; department: typeof HIGH; maxTokens: number }, fn: (gw: TestGateway, client: OpenAI) => Promise<void>) {
  // development mode callers are on the paid tier; set both alike
  const gw = await startTestGateway({ upstream, config: { quotas: { free: tier, paid: tier } } });
  try {
    await fn(gw, new OpenAI({ baseURL: gw.v1, apiKey: 'x', maxRetries: 0 }));
  } finally {
    await gw.close();
  }
}

// 'hi' is estimated at 7 prompt tokens (2 + 4 + 1); with max_tokens 50 a request reserves 57.
const ask = { model: 'local', messages: [{ role: 'user' as const, content: 'hi' }], max_tokens: 50 };

function settle<T>(p: Promise<T>) {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error }),
  );
}

describe('quota races', () => {
  it('admits exactly one of two concurrent requests at the edge of the daily token budget', async () => {
    await withLimits({ user: { requestsPerMinute: 100, tokensPerDay: 60 }, department: HIGH, maxTokens: 50 }, async (gw, client) => {
      upstream.setDefault({ delayMs: 150 });
      const results = await Promise.all([settle(client.chat.completions.create(ask)), settle(client.chat.completions.create(ask))]);
      const ok = results.filter((r) => r.ok);
      const refused = results.filter((r) => !r.ok).map((r) => (r as { error: any }).error);
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(OpenAI.RateLimitError);
      expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused[0].message).toMatch(/tokens/);
      expect(refused[0].message).toMatch(/user dev/);
      expect(upstream.chatRequests).toHaveLength(1);
      const audit = gw.store.audit.list({ limit: 100 });
      expect(audit.map((r) => r.outcome).sort()).toEqual(['ok', 'refused']);
      expect(audit.find((r) => r.outcome === 'refused')?.status).toBe(429);
    });
  });

  it('admits exactly one of two concurrent streams at the edge of the department’s budget', async () => {
    await withLimits({ user: HIGH, department: { requestsPerMinute: 100, tokensPerDay: 100 }, maxTokens: 50 }, async (_gw, client) => {
      upstream.setDefault({ chunks: ['a', 'b', 'c'], chunkDelayMs: 50 });
      const run = async () => {
        const stream = await client.chat.completions.create({ ...ask, stream: true });
        let text = '';
        for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
        return text;
      };
      const results = await Promise.all([settle(run()), settle(run())]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const refused = results.find((r) => !r.ok) as { error: any };
      expect(refused.error.status).toBe(429);
      expect(refused.error.message).toMatch(/department fehd/);
      expect(upstream.chatRequests).toHaveLength(1);
    });
  });

  it('admits exactly N of many concurrent requests against requests per minute, with Retry-After up to the window’s end', async () => {
    await withLimits({ user: { requestsPerMinute: 3, tokensPerDay: 100_000 }, department: HIGH, maxTokens: 50 }, async (_gw, client) => {
      upstream.setDefault({ delayMs: 50 });
      // fixed 60 s windows: keep the burst away from a window boundary
      const toBoundary = 60_000 - (Date.now() % 60_000);
      if (toBoundary < 1_500) await new Promise((r) => setTimeout(r, toBoundary + 50));
      const results = await Promise.all(Array.from({ length: 8 }, () => settle(client.chat.completions.create(ask))));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      for (const r of results.filter((x) => !x.ok) as Array<{ error: any }>) {
        expect(r.error.status).toBe(429);
        const after = Number(r.error.headers.get('retry-after'));
        expect(after).toBeGreaterThanOrEqual(1);
        expect(after).toBeLessThanOrEqual(60);
        expect(r.error.message).toMatch(/requests for this minute/);
      }
      expect(upstream.chatRequests).toHaveLength(3);
    });
  });

  it('reconciles with the real usage, so a finished request frees what it did not use', async () => {
    // budget 120: one reservation of 57 at a time fits twice; actual use is 18 (fake usage), so after two
    // finished requests 36 are used and a third (57) still fits.
    await withLimits({ user: { requestsPerMinute: 100, tokensPerDay: 120 }, department: HIGH, maxTokens: 50 }, async (_gw, client) => {
      for (let i = 0; i < 3; i++) await client.chat.completions.create(ask);
      expect(upstream.chatRequests).toHaveLength(3);
    });
  });

  it('returns the reservation of a failed request', async () => {
    await withLimits({ user: { requestsPerMinute: 100, tokensPerDay: 60 }, department: HIGH, maxTokens: 50 }, async (_gw, client) => {
      upstream.enqueue({ status: 400 });
      await expect(client.chat.completions.create(ask)).rejects.toMatchObject({ status: 400 });
      const ok = await client.chat.completions.create(ask);
      expect(ok.choices[0].message.content).toBeTruthy();
    });
  });

  it('caps max_tokens by tier before reserving', async () => {
    await withLimits({ user: { requestsPerMinute: 100, tokensPerDay: 60 }, department: HIGH, maxTokens: 50 }, async (_gw, client) => {
      // asks for 100,000 tokens; capped at 50, so the reservation (57) fits the budget
      await client.chat.completions.create({ ...ask, max_tokens: 100_000 });
      expect(upstream.chatRequests[0].body.max_tokens).toBe(50);
    });
  });
});
