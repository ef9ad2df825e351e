/**
 * Issue 9, robustness of streams toward the client: "a client that stops reading blocks shutdown for ever
 * (stream-writer.ts waits only for drain/close)" and "nothing is sent before the first token (proxies time out
 * after 60 s)". A client that takes nothing is a raw socket that pauses after the response headers; the slow
 * first token is the fake upstream waiting before it answers; the real openai client must still parse the stream.
 */
import { connect, type Socket } from 'node:net';
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream, until } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterAll(() => upstream?.close());
afterEach(() => upstream.reset());

const ask = [{ role: 'user' as const, content: 'x' }];
/** Several megabytes of answer: more than the sockets between the gateway and a client that does not read hold. */
const FLOOD = { chunks: Array.from({ length: 3_000 }, () => 'z'.repeat(2_000)) };

/** A client that sends a streamed chat request and stops reading once the response has begun. */
function stopReadingAfterHeaders(gw: TestGateway): Promise<Socket> {
  const { port } = new URL(gw.url);
  const body = JSON.stringify({ model: 'local', messages: ask, stream: true });
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
    socket.once('data', () => {
      socket.pause();
      resolve(socket);
    });
    socket.on('error', () => undefined);
    setTimeout(() => reject(new Error('no response from the gateway')), 5_000).unref();
  });
}

describe('a client that stops reading', () => {
  it('is cut after server.writeDeadlineSeconds, and the upstream request is cancelled', async () => {
    const gw = await startTestGateway({ upstream, config: { server: { writeDeadlineSeconds: 0.5 } } });
    const sockets: Socket[] = [];
    try {
      // The flood fits in the buffers between the upstream and the gateway, so the upstream then holds its
      // response open (as a model still generating would): cancelling it is the gateway's doing.
      upstream.setDefault({ ...FLOOD, stallAfter: FLOOD.chunks.length });
      sockets.push(await stopReadingAfterHeaders(gw));
      await until(() => gw.ctx.live.size === 1, 2_000, 'the stream to start');
      await until(() => gw.ctx.live.size === 0, 10_000, 'the gateway to cut the stream of a client that reads nothing');
      await until(() => upstream.chatRequests[0]?.aborted === true, 2_000, 'the upstream request to be cancelled');
      expect(gw.logs.join('')).toContain('stream cut: the client is not reading');
      // the call is in the audit trail as cancelled
      await until(() => gw.store.audit.list({ limit: 100 }).some((r) => r.endpoint.includes('chat/completions') && r.outcome === 'cancelled'), 2_000, 'the audit record');
    } finally {
      sockets.forEach((s) => s.destroy());
      await gw.close();
    }
  });

  it('blocks shutdown for ever: with a long write deadline, stop() still ends after the grace period', async () => {
    const gw = await startTestGateway({ upstream, config: { server: { writeDeadlineSeconds: 600, shutdownGraceSeconds: 0.3 } } });
    const sockets: Socket[] = [];
    try {
      upstream.setDefault({ ...FLOOD, stallAfter: FLOOD.chunks.length });
      sockets.push(await stopReadingAfterHeaders(gw));
      await until(() => gw.ctx.live.size === 1, 2_000, 'the stream to start');
      // The gateway's writes are stuck once the upstream can send no more (backpressure has reached it) or has
      // sent everything into the buffers on the way: its count stops moving.
      let last = -1;
      let stableSince = Date.now();
      await until(
        () => {
          const sent = upstream.chatRequests[0]?.chunksSent ?? 0;
          if (sent !== last) [last, stableSince] = [sent, Date.now()];
          return sent > 0 && Date.now() - stableSince > 500;
        },
        15_000,
        'the flood to back up',
      );
      let stopped = false;
      void gw.stop().then(() => (stopped = true));
      await until(() => stopped, 10_000, 'stop() to finish although a client reads nothing');
      expect(gw.logs.join('')).toContain('gateway stopped');
    } finally {
      sockets.forEach((s) => s.destroy());
      await gw.close();
    }
  });
});

describe('nothing is sent before the first token (proxies time out after 60 s)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      upstream,
      config: {
        server: { heartbeatSeconds: 0.2 },
        retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 10, retryAfterCapMs: 50 },
      },
    });
  });
  afterAll(() => gw?.close());

  it('a slow first token: the response begins with keep-alive comments before the first data event', async () => {
    upstream.setDefault({ delayMs: 700, chunks: ['late ', 'answer'] });
    const t0 = Date.now();
    const res = await request(`${gw.v1}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local', messages: ask, stream: true }),
    });
    // the headers came long before the model's first token
    expect(Date.now() - t0).toBeLessThan(650);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    const text = await res.body.text();
    const firstData = text.indexOf('data:');
    expect(text.slice(0, firstData)).toMatch(/^(: keep-alive\n\n)+$/);
    expect(text).toContain('data: [DONE]');
  });

  it('the real openai client parses such a stream: the whole answer, nothing extra', async () => {
    upstream.setDefault({ delayMs: 700, chunks: ['late ', 'answer'] });
    const client = new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'local', messages: ask, stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta?.content ?? '';
    expect(text).toBe('late answer');
  });

  it('a failure after the early start is the stream’s error, which the openai client throws', async () => {
    upstream.setDefault({ delayMs: 700, status: 500 });
    const client = new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0 });
    const err = await (async () => {
      const stream = await client.chat.completions.create({ model: 'local', messages: ask, stream: true });
      for await (const _ of stream) void _;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(String(err.message)).toMatch(/the model server failed \(500\)/);
    await until(() => gw.store.audit.list({ limit: 100 }).some((r) => r.outcome === 'error' && r.endpoint.includes('chat/completions')), 2_000, 'the audit record of the failed stream');
  });

  it('a failure before the first heartbeat is still an HTTP status', async () => {
    upstream.setDefault({ status: 500 });
    const client = new OpenAI({ baseURL: gw.v1, apiKey: 'unused', maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'local', messages: ask, stream: true }).catch((e) => e);
    expect(err.status).toBe(502);
  });
});
