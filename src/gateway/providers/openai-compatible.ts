import { Agent, request } from 'undici';
import type { Classification } from '../types';
import { Deadline } from './deadline';
import { readSseData } from './sse';
import { UpstreamError, type ChatBody, type ChatChunk, type ChatCompletion, type Provider, type Timeouts } from './types';
import { MID_STREAM_FAILURE, upstreamHttpReason } from './upstream-errors';

/**
 * How one kind of OpenAI-compatible server is addressed: mostly data, as in Portkey's adapters.
 * vLLM, Ollama, llama.cpp's server and DeepSeek's API all speak the plain OpenAI dialect; Azure OpenAI
 * puts the deployment in the path and the key in `api-key`.
 */
export interface Dialect {
  url(baseUrl: string, body: ChatBody): string;
  headers(apiKey: string | undefined): Record<string, string>;
}

export const DIALECTS: Record<'openai' | 'azure', Dialect> = {
  openai: {
    url: (base) => `${base.replace(/\/+$/, '')}/chat/completions`,
    headers: (key): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {}),
  },
  azure: {
    url: (base, body) => `${base.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(body.model)}/chat/completions?api-version=2024-10-21`,
    headers: (key): Record<string, string> => (key ? { 'api-key': key } : {}),
  },
};

export interface OpenAICompatibleOptions {
  id: string;
  baseUrl: string;
  apiKey?: string;
  dialect: keyof typeof DIALECTS;
  external: boolean;
  maxClassification: Classification;
  timeouts: Timeouts;
  /** Largest non-streamed answer read from the upstream, and a streamed answer's total (default 8 MiB). */
  maxResponseBytes?: number;
  headers?: Record<string, string>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1_048_576;

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions): Provider {
  const dialect = DIALECTS[options.dialect];
  const agent = new Agent({ connect: { timeout: options.timeouts.connectMs }, keepAliveTimeout: 30_000 });
  const headers = { 'content-type': 'application/json', accept: 'application/json', ...dialect.headers(options.apiKey), ...options.headers };

  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  async function send(body: ChatBody, deadline: Deadline) {
    // Until the headers: a server that accepts the connection and never answers is cut here, not at totalMs.
    deadline.arm('headers', options.timeouts.headersMs ?? options.timeouts.firstTokenMs, 'the upstream response headers');
    const res = await request(dialect.url(options.baseUrl, body), {
      method: 'POST',
      headers: body.stream ? { ...headers, accept: 'text/event-stream' } : headers,
      body: JSON.stringify(body),
      dispatcher: agent,
      signal: deadline.signal,
    });
    deadline.clear('headers');
    if (res.statusCode >= 400) {
      // The body is not read: it may quote the request, and nothing of it is passed on (upstream-errors.ts).
      await res.body.dump({ limit: 65_536 }).catch(() => undefined);
      throw new UpstreamError(res.statusCode, upstreamHttpReason(res.statusCode), parseRetryAfter(res.headers['retry-after']));
    }
    return res;
  }

  /** The body counted as it arrives: an upstream that sends more than maxResponseBytes is cut off. */
  async function* limited(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      yield chunk;
    }
  }

  const tooLarge = () => new UpstreamError(502, `the model server's answer is larger than the gateway accepts (maxResponseBytes ${maxBytes})`, undefined, 'protocol');

  return {
    id: options.id,
    external: options.external,
    maxClassification: options.maxClassification,

    async complete(body, signal) {
      const deadline = new Deadline(signal);
      deadline.arm('total', options.timeouts.totalMs, 'the upstream answer');
      try {
        const res = await send({ ...body, stream: false }, deadline);
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
        // Between two pieces of the body, no longer than idleMs (the headers came; the body must follow).
        const parts: Uint8Array[] = [];
        deadline.arm('idle', options.timeouts.idleMs, 'the upstream answer body');
        for await (const part of limited(res.body)) {
          parts.push(part);
          deadline.arm('idle', options.timeouts.idleMs, 'the upstream answer body');
        }
        deadline.clear('idle');
        try {
          return JSON.parse(Buffer.concat(parts).toString('utf8')) as ChatCompletion;
        } catch {
          throw new UpstreamError(502, 'the model server sent an answer that is not JSON', undefined, 'protocol');
        }
      } catch (err) {
        throw deadline.explain(err);
      } finally {
        deadline.dispose();
      }
    },

    async *stream(body, signal) {
      const deadline = new Deadline(signal);
      deadline.arm('total', options.timeouts.totalMs, 'the upstream stream');
      deadline.arm('first', options.timeouts.firstTokenMs, 'the first token');
      let finished = false;
      try {
        const res = await send({ ...body, stream: true }, deadline);
        for await (const data of readSseData(limited(res.body))) {
          deadline.clear('first');
          deadline.clear('idle');
          if (data === '[DONE]') {
            finished = true;
            return;
          }
          const chunk = parseChunk(data);
          yield chunk;
          deadline.arm('idle', options.timeouts.idleMs, 'the gap between two chunks');
        }
        throw new UpstreamError(502, 'the upstream stream ended without [DONE]', undefined, 'protocol');
      } catch (err) {
        throw deadline.explain(err);
      } finally {
        // Leaving early (the client went away) aborts the upstream request and frees its socket.
        if (!finished) deadline.controller.abort(new UpstreamError(499, 'stream abandoned', undefined, 'network'));
        deadline.dispose();
      }
    },
  };
}

function parseChunk(data: string): ChatChunk {
  let chunk: ChatChunk & { error?: { message?: string } };
  try {
    chunk = JSON.parse(data);
  } catch {
    throw new UpstreamError(502, 'the upstream sent a chunk that is not JSON', undefined, 'protocol');
  }
  if (chunk.error) throw new UpstreamError(502, MID_STREAM_FAILURE, undefined, 'protocol');
  return chunk;
}
