import { createOpenAICompatibleProvider, DIALECTS, parseRetryAfter } from '../../../src/gateway/providers/openai-compatible';
import { UpstreamError, type ChatBody, type ChatChunk, type Provider, type Timeouts } from '../../../src/gateway/providers/types';
import { FakeUpstream, until } from '../support/fake-upstream';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream.close());
afterEach(() => upstream.reset());

const TIMEOUTS: Timeouts = { connectMs: 500, firstTokenMs: 150, idleMs: 150, totalMs: 2_000 };

function provider(over: Partial<Parameters<typeof createOpenAICompatibleProvider>[0]> = {}): Provider {
  return createOpenAICompatibleProvider({
    id: 'local-llm',
    baseUrl: `${upstream.url}/v1`,
    apiKey: 'sk-upstream-secret',
    dialect: 'openai',
    external: false,
    maxClassification: 'CONFIDENTIAL',
    timeouts: TIMEOUTS,
    ...over,
  });
}

const body: ChatBody = { model: 'qwen', messages: [{ role: 'user', content: '你好' }] };
const signal = () => new AbortController().signal;

async function drain(it: AsyncIterable<ChatChunk>): Promise<string> {
  let text = '';
  for await (const c of it) text += c.choices.map((x) => x.delta.content ?? '').join('');
  return text;
}

describe('openai-compatible provider', () => {
  it('completes, sending the key and the body as given', async () => {
    const out = await provider().complete({ ...body, stream: true }, signal());
    expect(out.choices[0].message.content).toBe('Hello from the fake upstream.');
    const [req] = upstream.chatRequests;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-upstream-secret');
    expect(req.body).toMatchObject({ model: 'qwen', stream: false, messages: body.messages });
  });

  it('streams chunks and stops at [DONE]', async () => {
    upstream.enqueue({ chunks: ['一', '二', '三'] });
    expect(await drain(provider().stream(body, signal()))).toBe('一二三');
    expect(upstream.chatRequests[0].headers.accept).toBe('text/event-stream');
    expect(upstream.chatRequests[0].body.stream).toBe(true);
  });

  it('reports an HTTP error with its status and Retry-After', async () => {
    upstream.enqueue({ status: 429, retryAfter: '2', body: { error: { message: 'slow down' } } });
    const err = (await provider().complete(body, signal()).catch((e) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 2_000, kind: 'http' });
    // a fixed reason: the upstream's own words (which may quote the request) are not passed on
    expect(err.message).toBe('the model server is busy (429); try again shortly');
  });

  it('times out waiting for the first token, and cancels the upstream request', async () => {
    upstream.enqueue({ stallAfter: 0 });
    const t0 = Date.now();
    const err = await drain(provider().stream(body, signal())).catch((e) => e);
    expect(err).toMatchObject({ status: 504, kind: 'timeout' });
    expect(err.message).toContain('first token');
    expect(Date.now() - t0).toBeLessThan(1_000);
    await until(() => upstream.chatRequests[0].aborted, 1_000, 'the upstream request to be aborted');
  });

  it('times out waiting for headers (a slow upstream) as a first-token timeout', async () => {
    upstream.enqueue({ delayMs: 400 });
    const err = await drain(provider().stream(body, signal())).catch((e) => e);
    expect(err).toMatchObject({ kind: 'timeout' });
  });

  it('times out on a long gap between chunks', async () => {
    upstream.enqueue({ chunks: ['a', 'b', 'c'], stallAfter: 2 });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of provider().stream(body, signal())) got.push(c.choices[0].delta.content ?? '');
    })().catch((e) => e);
    expect(got).toEqual(['a', 'b']);
    expect(err).toMatchObject({ status: 504, kind: 'timeout' });
    expect(err.message).toContain('gap between two chunks');
  });

  it('honours the total timeout on a non-stream call', async () => {
    upstream.enqueue({ delayMs: 400 });
    const err = await provider({ timeouts: { ...TIMEOUTS, totalMs: 100 } }).complete(body, signal()).catch((e) => e);
    expect(err).toMatchObject({ status: 504, kind: 'timeout' });
  });

  it('fails a stream cut after N chunks, never ending it quietly', async () => {
    upstream.enqueue({ chunks: ['a', 'b', 'c'], cutAfter: 2 });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of provider().stream(body, signal())) got.push(c.choices[0].delta.content ?? '');
    })().catch((e) => e);
    expect(got).toEqual(['a', 'b']);
    expect(err).toBeInstanceOf(UpstreamError);
  });

  it('fails on an error event mid-stream', async () => {
    upstream.enqueue({ chunks: ['a', 'b'], errorEventAfter: 1 });
    const err = await drain(provider().stream(body, signal())).catch((e) => e);
    expect(err).toMatchObject({ status: 502, kind: 'protocol' });
    expect(err.message).toContain('mid-stream');
  });

  it('fails a stream that ends without [DONE]', async () => {
    upstream.enqueue({ rawFrames: ['data: {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}\n\n'] });
    const err = await drain(provider().stream(body, signal())).catch((e) => e);
    expect(err).toMatchObject({ status: 502, kind: 'protocol' });
  });

  it('reads CRLF framing and comments from a real socket', async () => {
    upstream.enqueue({
      rawFrames: [': ping\r\n\r\n', 'data: {"choices":[{"index":0,"delta":{"content":"衞"},', '"finish_reason":null}]}\r', '\n\r\n', 'data: [DONE]\r\n\r\n'],
      chunkDelayMs: 5,
    });
    expect(await drain(provider().stream(body, signal()))).toBe('衞');
  });

  it('cancels the upstream request when the consumer stops reading', async () => {
    upstream.enqueue({ chunks: ['a', 'b', 'c', 'd'], chunkDelayMs: 50 });
    for await (const c of provider().stream(body, signal())) {
      expect(c.choices[0].delta.content).toBe('a');
      break;
    }
    await until(() => upstream.chatRequests[0]?.aborted, 1_000, 'the upstream request to be aborted');
  });

  it('cancels the upstream request when the caller aborts', async () => {
    upstream.enqueue({ chunks: ['a', 'b', 'c'], chunkDelayMs: 100 });
    const ac = new AbortController();
    const it = provider().stream(body, ac.signal)[Symbol.asyncIterator]();
    await it.next();
    ac.abort(new UpstreamError(499, 'client cancelled the request', undefined, 'network'));
    await expect(it.next()).rejects.toMatchObject({ status: 499 });
    await until(() => upstream.chatRequests[0].aborted, 1_000, 'the upstream request to be aborted');
  });

  it('reports an unreachable upstream as a retryable network error', async () => {
    const p = provider({ baseUrl: 'http://127.0.0.1:1/v1' });
    const err = await p.complete(body, signal()).catch((e) => e);
    expect(err).toMatchObject({ status: 0, kind: 'network' });
    expect(err.retryable).toBe(true);
  });

  it('speaks the Azure dialect: deployment in the path, key in api-key', () => {
    expect(DIALECTS.azure.url('https://x.openai.azure.com/', { model: 'gpt 4', messages: [] })).toBe(
      'https://x.openai.azure.com/openai/deployments/gpt%204/chat/completions?api-version=2024-10-21',
    );
    expect(DIALECTS.azure.headers('k')).toEqual({ 'api-key': 'k' });
    expect(DIALECTS.openai.headers(undefined)).toEqual({});
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(['7', '9'])).toBe(7_000);
    const now = Date.parse('2025-03-01T00:00:00Z');
    expect(parseRetryAfter('Sat, 01 Mar 2025 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 00:00:00 GMT', now + 1_000)).toBe(0);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
