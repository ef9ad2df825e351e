/**
 * Servers for the end-to-end tests, all on 127.0.0.1 with free ports:
 *   - a gateway (in process, startGateway) with the offline drafter, allowing the static server's origin (CORS);
 *   - optionally its default model pointed at a slow OpenAI-compatible upstream, so a draft streams for seconds
 *     and Stop can be pressed in the middle of it deterministically.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { GatewayConfigSchema } from '../../../src/gateway/config/schema';
import { startGateway, type RunningGateway } from '../../../src/gateway/serve';
import { openSqliteStore } from '../../../src/gateway/store/sqlite';

export const TEMPLATES = resolve(__dirname, '../../../templates');

export interface SlowRequest {
  model?: string;
  stream: boolean;
  /** Content chunks written before the response ended or the client went away. */
  chunksSent: number;
  /** The client (the gateway) closed the connection before the answer ended. */
  aborted: boolean;
  finished: boolean;
}

export interface SlowUpstream {
  url: string;
  requests: SlowRequest[];
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat-completions server that streams `chunks` pieces, one every `intervalMs`
 * (default 40 pieces, 200 ms apart: eight seconds for the whole answer).
 */
export async function startSlowUpstream(options: { chunks?: string[]; intervalMs?: number } = {}): Promise<SlowUpstream> {
  const interval = options.intervalMs ?? 200;
  const chunks =
    options.chunks ??
    Array.from({ length: 40 }, (_, i) => (i % 8 === 7 ? `Sentence ${i + 1} of the slow model's draft.\n\n` : `Sentence ${i + 1} of the slow model's draft. `));
  const requests: SlowRequest[] = [];
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'slow-model', object: 'model' }] }));
      return;
    }
    let body: { model?: string; stream?: boolean } = {};
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      // answered anyway
    }
    const record: SlowRequest = { model: body.model, stream: Boolean(body.stream), chunksSent: 0, aborted: false, finished: false };
    requests.push(record);
    const id = `chatcmpl-slow-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: chunks.join('') }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: chunks.length } }));
      record.finished = true;
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const frame = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(frame({ role: 'assistant', content: '' }));
    let i = 0;
    const timer = setInterval(() => {
      if (i < chunks.length) {
        res.write(frame({ content: chunks[i++] }));
        record.chunksSent = i;
        return;
      }
      clearInterval(timer);
      res.write(frame({}, 'stop'));
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: { prompt_tokens: 10, completion_tokens: chunks.length } })}\n\n`);
      res.end('data: [DONE]\n\n');
      record.finished = true;
    }, interval);
    res.on('close', () => {
      clearInterval(timer);
      if (!record.finished) record.aborted = true;
    });
  };

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => handle(req, res, raw));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}

export interface E2EGateway extends RunningGateway {
  logs: string[];
  /** Stops the gateway once; later calls wait for the same stop. */
  close(): Promise<void>;
}

/**
 * A gateway on loopback (development mode: no authentication, department of the first pack), templates from
 * templates/, an in-memory store. With `slowUpstream`, the default model is "slow" on provider local-llm (a
 * provider the bundled packs' policies allow; `modelName` renames it, for any other upstream on loopback); without it,
 * the offline drafter.
 */
export async function startE2EGateway(options: { corsOrigin: string; slowUpstream?: string; modelName?: string }): Promise<E2EGateway> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const providers: unknown[] = [{ id: 'offline', type: 'offline' }];
  const models: unknown[] = [{ name: 'offline', deployments: [{ provider: 'offline' }] }];
  if (options.slowUpstream) {
    providers.push({
      id: 'local-llm',
      type: 'openai-compatible',
      baseUrl: `${options.slowUpstream}/v1`,
      external: false,
      maxClassification: 'CONFIDENTIAL',
      timeouts: { connectMs: 2_000, firstTokenMs: 10_000, idleMs: 10_000, totalMs: 60_000 },
    });
    models.push({ name: options.modelName ?? 'slow', deployments: [{ provider: 'local-llm', model: 'slow-model' }] });
  }
  const config = GatewayConfigSchema.parse({
    server: { host: '127.0.0.1', port: 0, logLevel: 'info', shutdownGraceSeconds: 1, corsOrigins: [options.corsOrigin] },
    auth: { mode: 'development' },
    templates: TEMPLATES,
    providers,
    models,
    defaultModel: options.slowUpstream ? (options.modelName ?? 'slow') : 'offline',
    retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, retryAfterCapMs: 0 },
  });
  const store = openSqliteStore(':memory:');
  let running: RunningGateway;
  try {
    running = await startGateway({ config, store, logStream });
  } catch (err) {
    store.close();
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    ...running,
    logs,
    close: () =>
      (closed ??= (async () => {
        await running.stop();
        store.close();
      })()),
  };
}
