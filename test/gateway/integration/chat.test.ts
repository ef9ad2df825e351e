/**
 * /v1/chat/completions and /v1/models through the real `openai` client and LangChain's ChatOpenAI, against
 * the offline model (no upstream) and a scriptable fake upstream: retries, fallback, timeouts, mid-stream
 * failures, cancellation, and request validation.
 */
import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream, until } from '../support/fake-upstream';
import { parseSse, startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream });
  client = new OpenAI({ baseURL: gw.v1, apiKey: 'unused-in-development-mode', maxRetries: 0, timeout: 5_000 });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

const ask = (content: string) => [{ role: 'user' as const, content }];

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<string> {
  let text = '';
  for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
  return text;
}

describe('offline model (no upstream)', () => {
  it('answers non-streaming, labelled as the offline drafter', async () => {
    const out = await client.chat.completions.create({ model: 'offline', messages: ask('Please check this sentence.') });
    expect(out.object).toBe('chat.completion');
    expect(out.model).toBe('offline');
    expect(out.choices[0].message.content).toContain('[Offline drafter');
    expect(out.choices[0].finish_reason).toBe('stop');
    expect(out.usage?.total_tokens).toBeGreaterThan(0);
    expect(upstream.requests).toHaveLength(0);
  });

  it('streams, ending with finish_reason and usage when asked', async () => {
    const stream = await client.chat.completions.create({ model: 'offline', messages: ask('本署已收到閣下的來信。現回覆如下。'), stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toContain('離線草擬器');
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks[chunks.length - 1].usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.filter((c) => c.choices[0]?.delta?.content).length).toBeGreaterThan(1);
  });

  it('works with LangChain ChatOpenAI, invoke and stream', async () => {
    const model = new ChatOpenAI({ model: 'offline', apiKey: 'unused', configuration: { baseURL: gw.v1 }, maxRetries: 0 });
    const answer = await model.invoke('Please check this sentence.');
    expect(String(answer.content)).toContain('[Offline drafter');
    let streamed = '';
    for await (const chunk of await model.stream('Please check this sentence.')) streamed += String(chunk.content);
    expect(streamed).toContain('[Offline drafter');
  });
});

describe('GET /v1/models', () => {
  it('lists the configured models as the OpenAI API does', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(['offline', 'local', 'cloud', 'primary', 'secondary']));
    const page = await client.models.list();
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'wenshu' });
  });
});

describe('against the fake upstream', () => {
  it('passes a non-streaming call through, with the deployment’s model name upstream and the client’s name back', async () => {
    const out = await client.chat.completions.create({ model: 'local', messages: ask('hello'), max_tokens: 50 });
    expect(out.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(out.model).toBe('local');
    const [req] = upstream.chatRequests;
    expect(req.body.model).toBe('local-model');
    expect(req.body.max_tokens).toBe(50);
    expect(req.body.messages).toEqual(ask('hello'));
  });

  it('streams chunks as they arrive and ends with [DONE]', async () => {
    upstream.enqueue({ chunks: ['一', '二', '三', '四'], chunkDelayMs: 30 });
    const stream = await client.chat.completions.create({ model: 'local', messages: ask('hello'), stream: true });
    const arrivals: number[] = [];
    let text = '';
    for await (const c of stream) {
      const piece = c.choices[0]?.delta?.content;
      if (piece) {
        arrivals.push(Date.now());
        text += piece;
      }
      expect(c.model).toBe('local');
    }
    expect(text).toBe('一二三四');
    // not buffered: the pieces arrived spread over the upstream's gaps
    expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThanOrEqual(60);
    expect(upstream.chatRequests[0].body.stream).toBe(true);
  });

  it('sends SSE headers without compression, and no usage chunk unless asked', async () => {
    upstream.enqueue({ chunks: ['a'] });
    const res = await request(`${gw.v1}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, br' },
      body: JSON.stringify({ model: 'local', messages: ask('x'), stream: true }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['x-wenshu-provider']).toBe('local-llm');
    const events = parseSse(await res.body.text());
    expect(events[events.length - 1].data).toBe('[DONE]');
    expect(events.some((e) => e.data.includes('"usage"'))).toBe(false);
    // the upstream was asked for usage anyway (to reconcile the quota)
    expect(upstream.chatRequests[0].body.stream_options).toEqual({ include_usage: true });
  });

  it('strips logprobs and logit_bias and caps max_tokens by tier', async () => {
    await client.chat.completions.create({ model: 'local', messages: ask('x'), logprobs: true, top_logprobs: 2, logit_bias: { '42': 10 }, max_tokens: 1_000_000 });
    const { body } = upstream.chatRequests[0];
    expect(body).not.toHaveProperty('logprobs');
    expect(body).not.toHaveProperty('top_logprobs');
    expect(body).not.toHaveProperty('logit_bias');
    expect(body.max_tokens).toBeLessThanOrEqual(4_096);
  });

  it('works with LangChain ChatOpenAI, invoke and stream', async () => {
    const model = new ChatOpenAI({ model: 'local', apiKey: 'unused', configuration: { baseURL: gw.v1 }, maxRetries: 0 });
    upstream.enqueue({ content: 'LangChain invoke answer' }, { chunks: ['Lang', 'Chain ', 'stream'] });
    expect((await model.invoke('hi')).content).toBe('LangChain invoke answer');
    let streamed = '';
    for await (const chunk of await model.stream('hi')) streamed += String(chunk.content);
    expect(streamed).toBe('LangChain stream');
  });
});

describe('retries and fallback', () => {
  it('retries a 429, waiting as Retry-After says (within the cap)', async () => {
    upstream.enqueue({ status: 429, retryAfter: '0.2' });
    const t0 = Date.now();
    const out = await client.chat.completions.create({ model: 'local', messages: ask('x') });
    const took = Date.now() - t0;
    expect(out.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(upstream.chatRequests).toHaveLength(2);
    expect(took).toBeGreaterThanOrEqual(190);
  });

  it('caps a long Retry-After at retry.retryAfterCapMs (300 ms here)', async () => {
    upstream.enqueue({ status: 429, retryAfter: '30' });
    const t0 = Date.now();
    await client.chat.completions.create({ model: 'local', messages: ask('x') });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
  });

  it('passes a 429 on with its Retry-After when every attempt is refused', async () => {
    upstream.enqueue({ status: 429, retryAfter: '0' }, { status: 429, retryAfter: '0' }, { status: 429, retryAfter: '7' });
    const err = await client.chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.headers.get('retry-after')).toBe('7');
    expect(upstream.chatRequests).toHaveLength(3);
  });

  it('retries 5xx then succeeds (streaming too)', async () => {
    upstream.enqueue({ status: 500 }, { status: 503 });
    const out = await client.chat.completions.create({ model: 'local', messages: ask('x') });
    expect(out.choices[0].message.content).toBe('Hello from the fake upstream.');
    expect(upstream.chatRequests).toHaveLength(3);

    upstream.reset();
    upstream.enqueue({ status: 502 }, { chunks: ['ok'] });
    const stream = await client.chat.completions.create({ model: 'local', messages: ask('x'), stream: true });
    expect(await collect(stream)).toBe('ok');
    expect(upstream.chatRequests).toHaveLength(2);
  });

  it('gives up after maxAttempts (3) with 502', async () => {
    upstream.setDefault({ status: 500 });
    const err = await client.chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(502);
    expect(upstream.chatRequests).toHaveLength(3);
  });

  it('does not retry a 400, and says why with a fixed reason (never the upstream’s own text)', async () => {
    upstream.enqueue({ status: 400, body: { error: { message: 'context length exceeded' } } });
    const err = await client.chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.message).toContain('the model server rejected the request (400)');
    expect(err.message).not.toContain('context length exceeded');
    expect(upstream.chatRequests).toHaveLength(1);
  });

  it('falls back from a failing deployment to another model’s deployment', async () => {
    upstream.setDefault({ status: 503 });
    upstream.enqueue({ model: 'secondary-model', content: 'from the fallback' });
    const out = await client.chat.completions.create({ model: 'primary', messages: ask('x') });
    expect(out.choices[0].message.content).toBe('from the fallback');
    expect(out.model).toBe('primary');
    expect(upstream.chatRequests.map((r) => r.body.model)).toEqual(['primary-model', 'secondary-model']);
  });

  it('falls back for streams too, before the first token', async () => {
    upstream.enqueue({ model: 'primary-model', status: 500 }, { model: 'secondary-model', chunks: ['fall', 'back'] });
    const stream = await client.chat.completions.create({ model: 'primary', messages: ask('x'), stream: true });
    expect(await collect(stream)).toBe('fallback');
  });
});

describe('timeouts and failures mid-stream', () => {
  let fast: TestGateway;
  let fastClient: OpenAI;
  beforeAll(async () => {
    fast = await startTestGateway({
      upstream,
      config: {
        providers: [
          { id: 'offline', type: 'offline' },
          {
            id: 'local-llm',
            type: 'openai-compatible',
            baseUrl: `${upstream.url}/v1`,
            external: false,
            maxClassification: 'CONFIDENTIAL',
            timeouts: { connectMs: 300, firstTokenMs: 150, idleMs: 150, totalMs: 3_000 },
          },
          { id: 'external-cloud', type: 'openai-compatible', baseUrl: `${upstream.url}/v1`, external: true, maxClassification: 'UNCLASSIFIED' },
        ],
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 100 },
      },
    });
    fastClient = new OpenAI({ baseURL: fast.v1, apiKey: 'x', maxRetries: 0, timeout: 5_000 });
  });
  afterAll(() => fast?.close());

  it('answers 504 when the upstream stalls before the first token (every attempt)', async () => {
    upstream.setDefault({ stallAfter: 0 });
    const t0 = Date.now();
    const err = await fastClient.chat.completions.create({ model: 'local', messages: ask('x'), stream: true }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(504);
    expect(err.message).toContain('first token');
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(upstream.chatRequests).toHaveLength(2);
    await until(() => upstream.chatRequests.every((r) => r.aborted), 1_000, 'the stalled upstream requests to be cancelled');
  });

  it('falls back when the first deployment stalls before the first token', async () => {
    upstream.enqueue({ model: 'primary-model', stallAfter: 0 }, { model: 'secondary-model', chunks: ['rescued'] });
    const stream = await fastClient.chat.completions.create({ model: 'primary', messages: ask('x'), stream: true });
    expect(await collect(stream)).toBe('rescued');
  });

  it('ends a stream cut after N chunks with an error event: the openai client throws, never a clean end', async () => {
    upstream.enqueue({ chunks: ['one ', 'two ', 'three'], cutAfter: 2 });
    const stream = await fastClient.chat.completions.create({ model: 'local', messages: ask('x'), stream: true });
    let text = '';
    const err = await (async () => {
      for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
    })().catch((e) => e);
    expect(text).toBe('one two ');
    expect(err).toBeInstanceOf(OpenAI.APIError);
    // no switching after the first token
    expect(upstream.chatRequests).toHaveLength(1);
  });

  it('sends the error as an SSE data event with a reason, and no [DONE]', async () => {
    upstream.enqueue({ chunks: ['one', 'two'], errorEventAfter: 1 });
    const res = await request(`${fast.v1}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local', messages: ask('x'), stream: true }),
    });
    const events = parseSse(await res.body.text());
    const last = JSON.parse(events[events.length - 1].data);
    expect(last.error.code).toMatch(/^upstream_/);
    expect(last.error.message).toContain('mid-stream');
    expect(events.some((e) => e.data === '[DONE]')).toBe(false);
  });

  it('ends a stream that goes quiet mid-way (idle timeout) with an error event', async () => {
    upstream.enqueue({ chunks: ['a', 'b', 'c'], stallAfter: 1 });
    const stream = await fastClient.chat.completions.create({ model: 'local', messages: ask('x'), stream: true });
    const err = await collect(stream).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String(err.message)).toContain('gap between two chunks');
  });
});

describe('client disconnect', () => {
  const auditCount = () => gw.store.audit.list({ limit: 10_000 }).length;

  it('cancels the upstream request when the openai client aborts a stream', async () => {
    upstream.enqueue({ chunks: ['a', 'b', 'c', 'd', 'e'], chunkDelayMs: 100 });
    const ac = new AbortController();
    const stream = await client.chat.completions.create({ model: 'local', messages: ask('x'), stream: true }, { signal: ac.signal });
    const err = await (async () => {
      for await (const c of stream) if (c.choices[0]?.delta?.content === 'a') ac.abort();
    })().catch((e) => e);
    expect(err === undefined || err instanceof Error).toBe(true);
    const [req] = await upstream.waitForRequests(1);
    await until(() => req.aborted, 2_000, 'the upstream to see its request aborted');
    expect(req.chunksSent).toBeLessThan(5);
    await until(() => gw.ctx.live.size === 0, 1_000, 'the gateway to forget the stream');
  });

  it('cancels the upstream request when the client aborts a non-streaming call', async () => {
    upstream.enqueue({ delayMs: 500 });
    const ac = new AbortController();
    const pending = client.chat.completions.create({ model: 'local', messages: ask('x') }, { signal: ac.signal }).catch((e) => e);
    const [req] = await upstream.waitForRequests(1);
    ac.abort();
    expect(await pending).toBeInstanceOf(Error);
    await until(() => req.aborted, 2_000, 'the upstream to see its request aborted');
  });

  // BUG (src/gateway/app.ts: the audit record is written only from Fastify's onResponse hook, which Fastify
  // runs on the response's 'finish' or 'error' event; a response the client closed early never emits
  // 'finish'): a call the client cancels leaves no audit record at all ("every call leaves a record").
  it('leaves an audit record with outcome "cancelled" for a stream the client cancelled', async () => {
    const before = auditCount();
    upstream.enqueue({ chunks: ['a', 'b', 'c', 'd', 'e'], chunkDelayMs: 100 });
    const ac = new AbortController();
    const stream = await client.chat.completions.create({ model: 'local', messages: ask('x'), stream: true }, { signal: ac.signal });
    await (async () => {
      for await (const c of stream) if (c.choices[0]?.delta?.content === 'a') ac.abort();
    })().catch(() => undefined);
    await until(() => upstream.chatRequests[0]?.aborted, 2_000, 'the upstream to see its request aborted');
    await until(() => auditCount() > before, 1_000, 'an audit record of the cancelled stream').catch(() => undefined);
    expect(auditCount()).toBe(before + 1);
    expect(gw.store.audit.list({ limit: 10_000 }).pop()?.outcome).toBe('cancelled');
  });

  it('leaves an audit record for a non-streaming call the client cancelled', async () => {
    const before = auditCount();
    upstream.enqueue({ delayMs: 300 });
    const ac = new AbortController();
    const pending = client.chat.completions.create({ model: 'local', messages: ask('x') }, { signal: ac.signal }).catch((e) => e);
    await upstream.waitForRequests(1);
    ac.abort();
    await pending;
    await until(() => auditCount() > before, 1_000, 'an audit record of the cancelled call').catch(() => undefined);
    expect(auditCount()).toBe(before + 1);
  });
});

describe('request validation', () => {
  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    request(`${gw.v1}/chat/completions`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.statusCode, body: (await r.body.json()) as any, headers: r.headers }));

  it('answers 400 with a reason for malformed JSON', async () => {
    const r = await post('{"model": "local", "messages": [');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBeTruthy();
    expect(upstream.requests).toHaveLength(0);
  });

  it.each([
    [{ messages: [{ role: 'user', content: 'x' }] }, 'model'],
    [{ model: 'local', messages: [] }, 'messages'],
    [{ model: 'local', messages: [{ role: 'wizard', content: 'x' }] }, 'role'],
    [{ model: 'local', messages: [{ role: 'user', content: 'x' }], max_tokens: -1 }, 'max_tokens'],
    [{ model: 'local', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'stream'],
  ])('answers 400 naming the problem for %j', async (body, where) => {
    const r = await post(JSON.stringify(body));
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe('invalid_request_error');
    expect(r.body.error.message).toContain(where);
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers 404 for an unknown model', async () => {
    const err = await client.chat.completions.create({ model: 'gpt-nonexistent', messages: ask('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers 413 for a body over server.bodyLimit, and the upstream receives nothing', async () => {
    const small = await startTestGateway({ upstream, config: { server: { bodyLimit: 2_048 } } });
    try {
      const big = JSON.stringify({ model: 'local', messages: ask('x'.repeat(10_000)) });
      const res = await request(`${small.v1}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(res.statusCode).toBe(413);
      const body = (await res.body.json()) as any;
      expect(body.error.message).toMatch(/larger/);
      // the openai client sees it as an APIError with status 413
      const err = await new OpenAI({ baseURL: small.v1, apiKey: 'x', maxRetries: 0 }).chat.completions.create({ model: 'local', messages: ask('x'.repeat(10_000)) }).catch((e) => e);
      expect(err.status).toBe(413);
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it('answers 415 for a body that is not JSON', async () => {
    const r = await post('model=local', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
  });
});
