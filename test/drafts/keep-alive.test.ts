/**
 * Issue 9, robustness: "nothing is sent before the first token (proxies time out after 60 s)", for drafts and
 * transforms as for chat completions. A slow model's draft stream begins with keep-alive comments and then goes
 * on as usual; a model that fails after the early start ends the stream with an error event (never `done`); a
 * fast answer has no comment in front of it, and a refusal before the first heartbeat is still an HTTP status.
 */
import { request } from 'undici';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { parseSse, startTestGateway, type TestGateway } from '../gateway/support/gateway';
import { FIELDS, KEY_POINTS, blocks } from './support/cases';
import { mainlandModel } from './support/mainland-model';

let upstream: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream, config: { server: { heartbeatSeconds: 0.2 }, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } } });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const letter = { template: 'fehd/reply-public', lang: 'en', fields: FIELDS['reply-public'].en, keyPoints: KEY_POINTS.en, model: 'local' };
const answer = (p: Parameters<Parameters<typeof mainlandModel>[0]>[0]) => blocks(p, { response: 'The market has been cleansed twice daily from 20 November.' });

async function post(path: string, body: unknown) {
  const t0 = Date.now();
  const res = await request(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const headersAfter = Date.now() - t0;
  const text = await res.body.text();
  return { status: res.statusCode, headersAfter, text, events: parseSse(text) };
}

it('issue 9: a draft whose model is slow to start begins with keep-alive comments, then streams the draft', async () => {
  upstream.enqueue({ ...mainlandModel(answer), delayMs: 900 });
  const r = await post('/v1/drafts', letter);
  expect(r.status).toBe(200);
  expect(r.headersAfter).toBeLessThan(900);
  expect(r.text.slice(0, r.text.indexOf('event: meta'))).toMatch(/^(: keep-alive\n\n)+$/);
  expect(r.events.map((e) => e.event).filter((e) => e !== 'delta')).toEqual(['meta', 'findings', 'done']);
  expect(JSON.parse(r.events.find((e) => e.event === 'done')!.data).text).toContain('cleansed twice daily');
});

it('a model failing after the early start ends the draft with an error event, never done', async () => {
  upstream.enqueue({ delayMs: 900, status: 500 });
  const r = await post('/v1/drafts', letter);
  expect(r.status).toBe(200);
  const names = r.events.map((e) => e.event);
  expect(names).toContain('error');
  expect(names).not.toContain('done');
});

it('a fast answer has nothing in front of its meta event; a refusal before the first heartbeat is an HTTP status', async () => {
  upstream.enqueue(mainlandModel(answer));
  const fast = await post('/v1/drafts', letter);
  expect(fast.text.startsWith('event: meta')).toBe(true);
  const refused = await post('/v1/drafts', { ...letter, model: 'no-such-model' });
  expect(refused.status).toBe(404);
});

it('a transform whose model is slow to start begins with keep-alive comments too', async () => {
  upstream.enqueue({ content: 'We will process your application as soon as possible.', delayMs: 900 });
  const r = await post('/v1/transform', { action: 'polish', text: 'We will process ur application asap.', lang: 'en', model: 'local' });
  expect(r.status).toBe(200);
  expect(r.text.slice(0, r.text.indexOf('event: meta'))).toMatch(/^(: keep-alive\n\n)+$/);
  expect(r.events.map((e) => e.event)).toContain('done');
});
