/**
 * SIGTERM-style graceful stop (`stop()`, which serveUntilSignalled calls on SIGTERM) with a live stream:
 * readiness fails at once; a stream finishes within the grace period; a stalled one is ended with an error
 * event when the grace period is over; the audit trail is complete afterwards.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream, until } from '../support/fake-upstream';
import { parseSse, startTestGateway } from '../support/gateway';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream?.close());
afterEach(() => upstream.reset());

const ask = [{ role: 'user' as const, content: 'x' }];

describe('graceful stop with live streams', () => {
  it('fails readiness at once, refuses new calls, and lets a slow stream finish within the grace period', async () => {
    const gw = await startTestGateway({ upstream, store: 'file', config: { server: { shutdownGraceSeconds: 3 } } });
    try {
      const client = new OpenAI({ baseURL: gw.v1, apiKey: 'x', maxRetries: 0 });
      expect((await request(`${gw.url}/readyz`)).statusCode).toBe(200);
      upstream.enqueue({ chunks: ['one ', 'two ', 'three ', 'four ', 'five'], chunkDelayMs: 80 });
      const stream = await client.chat.completions.create({ model: 'local', messages: ask, stream: true });
      const it = stream[Symbol.asyncIterator]();
      let text = (await it.next()).value?.choices[0]?.delta?.content ?? '';
      expect(gw.ctx.live.size).toBe(1);

      const t0 = Date.now();
      let stoppedAt = 0;
      const stopping = gw.stop().then(() => (stoppedAt = Date.now()));
      const ready = await request(`${gw.url}/readyz`);
      expect(ready.statusCode).toBe(503);
      await ready.body.dump();
      // a new call during the drain is refused with 503 and Retry-After
      const late = await client.chat.completions.create({ model: 'offline', messages: ask }).catch((e) => e);
      expect(late.status).toBe(503);
      expect(late.headers.get('retry-after')).toBeTruthy();

      for (let r = await it.next(); !r.done; r = await it.next()) text += r.value.choices[0]?.delta?.content ?? '';
      expect(text).toBe('one two three four five');
      await stopping;
      expect(stoppedAt - t0).toBeLessThan(3_000);
      expect(upstream.chatRequests[0].finished).toBe(true);
      // the stream's record was written before the store closed
      expect(gw.store.audit.verify()).toMatchObject({ ok: true });
      const records = gw.store.audit.list({ limit: 100 });
      expect(records.find((r) => r.model === 'local')).toMatchObject({ outcome: 'ok', status: 200 });
      expect(gw.logs.join('')).toContain('gateway stopped');
    } finally {
      await gw.close();
    }
  });

  it('ends a stalled stream with an error event when the grace period is over, and cancels the upstream', async () => {
    const gw = await startTestGateway({ upstream, config: { server: { shutdownGraceSeconds: 0.2 } } });
    try {
      upstream.enqueue({ chunks: ['first', 'never'], stallAfter: 1 });
      const res = await request(`${gw.v1}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'local', messages: ask, stream: true }),
      });
      const body = res.body.text();
      await until(() => upstream.chatRequests[0]?.chunksSent === 1 && gw.ctx.live.size === 1, 2_000, 'the first chunk');
      const t0 = Date.now();
      await gw.stop();
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(180);
      expect(took).toBeLessThan(1_500);
      const events = parseSse(await body);
      const last = JSON.parse(events[events.length - 1].data);
      expect(last.error.code).toBe('gateway_shutting_down');
      expect(events.some((e) => e.data === '[DONE]')).toBe(false);
      await until(() => upstream.chatRequests[0].aborted, 1_000, 'the upstream request to be cancelled');
    } finally {
      await gw.close();
    }
  });

  it('makes the openai client throw (not end quietly) for a stream cut by shutdown', async () => {
    const gw = await startTestGateway({ upstream, config: { server: { shutdownGraceSeconds: 0.1 } } });
    try {
      upstream.enqueue({ chunks: ['first', 'never'], stallAfter: 1 });
      const client = new OpenAI({ baseURL: gw.v1, apiKey: 'x', maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'local', messages: ask, stream: true });
      const consumed = (async () => {
        let text = '';
        for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
        return text;
      })();
      await until(() => gw.ctx.live.size === 1 && upstream.chatRequests[0]?.chunksSent === 1, 2_000, 'the stream to start');
      await gw.stop();
      const err = await consumed.catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(String(err.message)).toMatch(/shutting down/);
    } finally {
      await gw.close();
    }
  });

  it('ends a draft stream with an `error` event on shutdown', async () => {
    const gw = await startTestGateway({ upstream, config: { server: { shutdownGraceSeconds: 0.1 } } });
    try {
      upstream.enqueue({ chunks: ['Dear Sir,', 'never'], stallAfter: 1 });
      const res = await request(`${gw.url}/v1/drafts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          template: 'fehd/email-reply',
          model: 'local',
          lang: 'en',
          fields: { ourRef: '(3) in FEHD HQ/1/2', subject: 'Market', receivedDate: '2025-03-01', contactOfficer: 'Mr LEE', contactPhone: '2868 0000', signatoryName: 'Miss WONG' },
        }),
      });
      const body = res.body.text();
      await until(() => gw.ctx.live.size === 1 && upstream.chatRequests[0]?.chunksSent === 1, 2_000, 'the draft to start');
      await gw.stop();
      const events = parseSse(await body);
      expect(events[events.length - 1].event).toBe('error');
      expect(JSON.parse(events[events.length - 1].data).code).toBe('gateway_shutting_down');
    } finally {
      await gw.close();
    }
  });
});
