/**
 * Issue 9, robustness toward the model servers, through the real openai client against the gateway and the
 * recording fake upstream: a hanging upstream is cut at the first-byte (headers) timeout; answers larger than
 * maxResponseBytes are refused; upstream error text (which can quote the input) never reaches the client, the
 * log or the audit trail; every deployment unavailable is 503, not 502; max_completion_tokens is passed on.
 */
import OpenAI from 'openai';
import { FakeUpstream, until } from '../support/fake-upstream';
import { everythingRecorded, startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream?.close());
afterEach(() => upstream.reset());

/** The local provider with its own timeouts and body limit (the rest as the test gateway's defaults). */
function localProvider(over: Record<string, unknown> = {}, baseUrl = `${upstream.url}/v1`) {
  return {
    providers: [
      { id: 'offline', type: 'offline' },
      { id: 'local-llm', type: 'openai-compatible', baseUrl, external: false, maxClassification: 'CONFIDENTIAL', ...over },
      { id: 'external-cloud', type: 'openai-compatible', baseUrl: `${upstream.url}/v1`, external: true, maxClassification: 'UNCLASSIFIED' },
    ],
  };
}

const clientOf = (gw: TestGateway) => new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0, timeout: 20_000 });
const ask = (text: string) => [{ role: 'user' as const, content: text }];

describe('a non-streamed request to an upstream that hangs is bounded only by totalMs per attempt', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // totalMs is a minute: without a headers timeout three attempts would hold the officer for three minutes.
    gw = await startTestGateway({
      upstream,
      config: { ...localProvider({ timeouts: { connectMs: 500, headersMs: 300, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 60_000 } }), retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } },
    });
  });
  afterAll(() => gw?.close());

  it('is cut at headersMs on every attempt: 504 naming the headers, and each hung request cancelled', async () => {
    upstream.setDefault({ hang: true });
    const err = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(504);
    expect(err.message).toMatch(/the upstream response headers timed out after 300 ms/);
    expect(upstream.chatRequests).toHaveLength(3);
    await until(() => upstream.chatRequests.every((r) => r.aborted), 2_000, 'the hung upstream requests to be cancelled');
  });

  it('a streamed request to a hanging upstream is cut at headersMs too (before firstTokenMs)', async () => {
    upstream.setDefault({ hang: true });
    const err = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x'), stream: true }).catch((e) => e);
    expect(err.status).toBe(504);
    expect(err.message).toMatch(/response headers/);
  });

  it('an upstream that answers in time is unaffected', async () => {
    upstream.setDefault({ delayMs: 50, content: 'in time' });
    const out = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x') });
    expect(out.choices[0].message.content).toBe('in time');
  });
});

describe('upstream response bodies have no size limit', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, config: { ...localProvider({ maxResponseBytes: 64_000 }), retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } } });
  });
  afterAll(() => gw?.close());

  it('a non-streamed answer over maxResponseBytes is refused (502), not read into memory', async () => {
    upstream.setDefault({ bodyBytes: 2_000_000 });
    const err = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/larger than the gateway accepts \(maxResponseBytes 64000\)/);
  });

  it('a streamed answer whose total passes maxResponseBytes ends with an error the openai client throws', async () => {
    upstream.setDefault({ chunks: Array.from({ length: 200 }, () => 'y'.repeat(1_000)) });
    let received = 0;
    // Refused as an HTTP error when the limit is passed before the first token reached the client, else as
    // the stream's error event: the openai client throws either way.
    const err = await (async () => {
      const stream = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x'), stream: true });
      for await (const c of stream) received += c.choices[0]?.delta?.content?.length ?? 0;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String(err.message)).toMatch(/larger than the gateway accepts/);
    expect(received).toBeLessThan(64_000);
  });

  it('an answer under the limit passes whole', async () => {
    upstream.setDefault({ bodyBytes: 30_000 });
    const out = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x') });
    expect(out.choices[0].message.content).toHaveLength(30_000);
  });
});

describe('up to 300 characters of upstream error text (which can echo the input) reach the client and the logs', () => {
  const MARKER = 'Officer note AB987654(3) Mr CHAN Tai-man 2868-0000';
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, store: 'file', config: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } } });
  });
  afterAll(() => gw?.close());

  it.each([
    ['400 (not retried)', { status: 400, echoError: true }, 400, /rejected the request \(400\)/],
    ['500 on every attempt', { status: 500, echoError: true }, 502, /the model server failed \(500\)/],
    ['429 on every attempt', { status: 429, echoError: true, retryAfter: '0' }, 429, /busy \(429\)/],
  ])('an upstream %s quoting the input: the client gets a code and a fixed reason, nothing quoted', async (_name, behaviour, status, reason) => {
    upstream.setDefault(behaviour);
    const err = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask(MARKER) }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(status);
    expect(err.message).toMatch(reason);
    expect(JSON.stringify(err.error)).not.toContain('AB987654');
    // the upstream really did quote it
    expect(upstream.everything()).toContain(MARKER);
    await gw.ctx.writes.flush?.();
    const recorded = everythingRecorded(gw);
    expect(recorded).not.toContain('AB987654');
    expect(recorded).not.toContain('CHAN Tai-man');
  });

  it('a mid-stream error event quoting the input: the stream’s error says only that the model server failed', async () => {
    upstream.setDefault({ chunks: ['one ', 'two'], errorEventAfter: 1, echoError: true });
    const stream = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask(MARKER), stream: true });
    const err = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String(err.message)).toMatch(/reported an error mid-stream/);
    expect(String(err.message)).not.toContain('AB987654');
    expect(everythingRecorded(gw)).not.toContain('AB987654');
  });

  it('an unreachable model server: its address is not named, only the system error code', async () => {
    const down = await startTestGateway({ upstream, config: { ...localProvider({}, 'http://127.0.0.1:9/v1'), retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } } });
    try {
      const err = await clientOf(down).chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
      expect(err.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
      expect(err.message).not.toContain('127.0.0.1:9');
      expect(down.logs.join('')).not.toContain('127.0.0.1:9/');
    } finally {
      await down.close();
    }
  });
});

describe('all breakers open gives 502 instead of 503', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, config: { breaker: { failures: 1, coolDownMs: 30_000 }, retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } } });
  });
  afterAll(() => gw?.close());

  it('once every deployment’s circuit is open: 503 with Retry-After until the cool-down ends, and the upstream is not called', async () => {
    upstream.setDefault({ status: 500 });
    const first = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
    expect(first.status).toBe(502);
    expect(upstream.chatRequests).toHaveLength(1);
    for (const stream of [false, true]) {
      const err = await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x'), stream }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(err.status).toBe(503);
      expect(err.error?.code ?? err.code).toBe('no_deployment_available');
      const retryAfter = Number(err.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(20);
      expect(retryAfter).toBeLessThanOrEqual(30);
    }
    expect(upstream.chatRequests).toHaveLength(1);
  });

  it('an unreachable model server (every attempt) is 503 too', async () => {
    const down = await startTestGateway({ upstream, config: { ...localProvider({}, 'http://127.0.0.1:9/v1'), retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 } } });
    try {
      const err = await clientOf(down).chat.completions.create({ model: 'local', messages: ask('x') }).catch((e) => e);
      expect(err.status).toBe(503);
      expect(err.headers.get('retry-after')).toBeTruthy();
    } finally {
      await down.close();
    }
  });
});

describe('max_completion_tokens is dropped', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream });
  });
  afterAll(() => gw?.close());

  it('is passed to the upstream under its own name (and no max_tokens beside it)', async () => {
    await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x'), max_completion_tokens: 77 });
    const sent = upstream.chatRequests[0].body;
    expect(sent.max_completion_tokens).toBe(77);
    expect(sent).not.toHaveProperty('max_tokens');
  });

  it('is capped by the tier like max_tokens', async () => {
    // the development user is on the paid tier, maxTokens 4096 in the test configuration
    await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x'), max_completion_tokens: 1_000_000, stream: true }).then(async (s) => {
      for await (const _ of s) void _;
    });
    expect(upstream.chatRequests[0].body.max_completion_tokens).toBe(4_096);
  });

  it('max_tokens still goes out as max_tokens', async () => {
    await clientOf(gw).chat.completions.create({ model: 'local', messages: ask('x'), max_tokens: 55 });
    expect(upstream.chatRequests[0].body).toMatchObject({ max_tokens: 55 });
    expect(upstream.chatRequests[0].body).not.toHaveProperty('max_completion_tokens');
  });
});
