/**
 * A scriptable OpenAI-compatible model server on 127.0.0.1, for driving the gateway's providers through faults.
 *
 * Each request takes the first queued behaviour whose `model` filter matches (or the default behaviour):
 *   { status: 429, retryAfter: '1' }           an HTTP error (JSON body `{error:{message}}` unless `body` is given)
 *   { delayMs: 200 }                           wait before sending the headers (then answer normally)
 *   { chunks: ['a', 'b'], chunkDelayMs: 20 }   streamed content pieces, with a gap between them
 *   { cutAfter: 2 }                            destroy the socket after 2 content chunks
 *   { stallAfter: 0 }                          stop sending after N chunks and keep the socket open
 *   { errorEventAfter: 1 }                     send `data: {"error":…}` after N chunks, then end
 *   { echo: true, chunkSize: 3 }               answer with the last user message (placeholders and all)
 *   { reply: (body) => '…' }                    answer with text computed from the request (e.g. a nonce it names)
 *   { hang: true }                             take the request and never answer (no headers), socket kept open
 *   { bodyBytes: 1_000_000 }                   a non-stream answer whose content is this many bytes of 'x'
 *   { status: 400, echoError: true }           an error body quoting the request's last user message, as some
 *                                              servers do ("invalid prompt: …")
 *   { errorEventAfter: 1, echoError: true }    the same quote in a mid-stream error event
 * Every request is recorded (headers, parsed body) with whether the client aborted it (the connection closed
 * before the response ended), so tests can assert "the upstream saw nothing" or "the upstream was cancelled".
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Behaviour {
  /** Only requests for this upstream model name take this behaviour. */
  model?: string;
  /** An HTTP error status (>= 400) or another status for a non-stream answer. */
  status?: number;
  retryAfter?: string | number;
  /** JSON (or a string sent as is) instead of the generated body. */
  body?: unknown;
  /** Before the headers. */
  delayMs?: number;
  /** The answer's text; default "Hello from the fake upstream." */
  content?: string;
  /** Answer with the last user message's text. */
  echo?: boolean;
  /** Answer with text computed from the parsed request body (streamed in `chunkSize` pieces). */
  reply?: (body: any) => string;
  /** Streamed content pieces; default: `content` split into `chunkSize` pieces (or 3 pieces). */
  chunks?: string[];
  chunkSize?: number;
  chunkDelayMs?: number;
  cutAfter?: number;
  stallAfter?: number;
  errorEventAfter?: number;
  /** Never answer: no status, no headers; the socket stays open until the client gives up. */
  hang?: boolean;
  /** A non-stream answer with this many bytes of content. */
  bodyBytes?: number;
  /** Error bodies (and mid-stream error events) quote the request's last user message. */
  echoError?: boolean;
  /** Raw strings written to the stream as they are (for framing tests), instead of generated chunks. */
  rawFrames?: string[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  model?: string;
  stream: boolean;
  /** The client closed the connection before the response ended. */
  aborted: boolean;
  /** The response ended normally. */
  finished: boolean;
  /** Content chunks written before the response ended or was aborted. */
  chunksSent: number;
  closed: Promise<void>;
}

export const DEFAULT_CONTENT = 'Hello from the fake upstream.';

export class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  private queue: Behaviour[] = [];
  private defaultBehaviour: Behaviour = {};
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private readonly stalled = new Set<ServerResponse>();
  url = '';

  static async start(): Promise<FakeUpstream> {
    const f = new FakeUpstream();
    await f.listen();
    return f;
  }

  /** Queues behaviours for the next requests, in order. */
  enqueue(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  setDefault(b: Behaviour): this {
    this.defaultBehaviour = b;
    return this;
  }

  /** Forgets queued behaviours and recorded requests (between tests). */
  reset(): void {
    this.queue = [];
    this.defaultBehaviour = {};
    this.requests.length = 0;
    for (const res of this.stalled) res.destroy();
    this.stalled.clear();
  }

  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
  }

  /** Every byte any request carried (headers and body), to assert that some text never reached this server. */
  everything(): string {
    return this.requests.map((r) => JSON.stringify(r.headers) + '\n' + r.rawBody).join('\n');
  }

  async waitForRequests(n: number, timeoutMs = 2_000): Promise<RecordedRequest[]> {
    await until(() => this.chatRequests.length >= n, timeoutMs, `the fake upstream to receive ${n} chat requests (got ${this.chatRequests.length})`);
    return this.chatRequests;
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  private take(model: string | undefined): Behaviour {
    const i = this.queue.findIndex((b) => b.model === undefined || b.model === model);
    if (i === -1) return this.defaultBehaviour;
    return this.queue.splice(i, 1)[0];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    let settle!: () => void;
    const record: RecordedRequest = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0],
      headers: req.headers,
      rawBody,
      body,
      model: body?.model,
      stream: body?.stream === true,
      aborted: false,
      finished: false,
      chunksSent: 0,
      closed: new Promise<void>((r) => (settle = r)),
    };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      else record.finished = true;
      this.stalled.delete(res);
      settle();
    });

    if (req.method === 'GET' && record.path === '/v1/models') {
      return json(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
    }
    if (req.method !== 'POST' || !record.path.endsWith('/chat/completions')) return json(res, 404, { error: { message: 'not found' } });

    const b = this.take(record.model);
    if (b.hang) {
      this.stalled.add(res);
      return;
    }
    if (b.delayMs) {
      await sleep(b.delayMs);
      if (res.destroyed) return;
    }
    if (b.status && b.status >= 400) {
      const headers: Record<string, string> = {};
      if (b.retryAfter !== undefined) headers['retry-after'] = String(b.retryAfter);
      const message = b.echoError ? `invalid request: ${lastUserText(body)}` : `fake upstream error ${b.status}`;
      return json(res, b.status, b.body ?? { error: { message, type: 'fake' } }, headers);
    }
    const content = b.bodyBytes ? 'x'.repeat(b.bodyBytes) : b.reply ? b.reply(body) : (b.content ?? (b.echo ? lastUserText(body) : DEFAULT_CONTENT));
    const usage = b.usage === undefined ? { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } : b.usage;
    const id = 'chatcmpl-fake';
    const created = 1_700_000_000;
    if (!record.stream) {
      if (b.body !== undefined) return json(res, b.status ?? 200, b.body);
      return json(res, b.status ?? 200, {
        id,
        object: 'chat.completion',
        created,
        model: record.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        ...(usage ? { usage } : {}),
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    if (b.rawFrames) {
      for (const frame of b.rawFrames) {
        if (res.destroyed) return;
        res.write(frame);
        if (b.chunkDelayMs) await sleep(b.chunkDelayMs);
      }
      return void res.end();
    }
    const pieces = b.chunks ?? split(content, b.chunkSize);
    const frame = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: record.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    for (let i = 0; i <= pieces.length; i++) {
      if (res.destroyed) return;
      if (b.cutAfter === i) return void res.socket?.destroy();
      if (b.stallAfter === i) {
        this.stalled.add(res);
        return;
      }
      if (b.errorEventAfter === i) {
        const message = b.echoError ? `failed on: ${lastUserText(body)}` : 'the fake upstream failed mid-stream';
        res.write(`data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`);
        return void res.end();
      }
      if (i === pieces.length) break;
      if (i > 0 && b.chunkDelayMs) {
        await sleep(b.chunkDelayMs);
        if (res.destroyed) return;
      }
      // Wait until the chunk is on the wire, so that a cut or a stall after it never loses it.
      await new Promise<void>((r) => res.write(frame(i === 0 ? { role: 'assistant', content: pieces[i] } : { content: pieces[i] }, null), () => r()));
      record.chunksSent++;
    }
    res.write(frame({}, 'stop'));
    if (usage && body?.stream_options?.include_usage) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: record.model, choices: [], usage })}\n\n`);
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }
}

function split(text: string, size?: number): string[] {
  if (!text) return [''];
  const n = size ?? Math.max(1, Math.ceil(text.length / 3));
  const out: string[] = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += n) out.push(chars.slice(i, i + n).join(''));
  return out;
}

function lastUserText(body: any): string {
  const msgs: Array<{ role: string; content: unknown }> = body?.messages ?? [];
  const last = [...msgs].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) return last.content.map((p: { text?: string }) => p.text ?? '').join('');
  return '';
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` every 5 ms until it holds, or fails naming what it waited for. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
