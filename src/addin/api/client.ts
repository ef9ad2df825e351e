/**
 * The gateway's HTTP API from the task pane. Credentials come from a provider (Office SSO token or a development
 * API key, both held in memory), asked for on every call so a refreshed token is used. Errors carry the gateway's
 * own reason (`{error: {message, code}}`), or say the gateway could not be reached.
 */
import { readSse, type ByteSource } from './sse';
import { TRANSFORM_PATH, type TransformEvent, type TransformRequest } from './transform';
import type { CheckRequest, CheckResponse, DraftEvent, DraftRequest, ModelList, TemplateInfo, TemplateList } from './types';

export type CredentialsProvider = () => Promise<Record<string, string>> | Record<string, string>;

/** What the client needs of `fetch` (the browser's, or a test double). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<ResponseLike>;

export interface ResponseLike {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  body: ByteSource | null;
  text(): Promise<string>;
}

export type GatewayErrorKind = 'network' | 'http' | 'protocol' | 'stream' | 'aborted';

export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  /** The gateway could not be reached at all (down, wrong URL, CORS refused). */
  get unreachable(): boolean {
    return this.kind === 'network';
  }
}

export interface GatewayClientOptions {
  baseUrl: string;
  credentials?: CredentialsProvider;
  /**
   * Called once when the gateway answers 401 to a call that carried credentials: true when fresh credentials are
   * ready and the call is worth one retry (never more than one).
   */
  onUnauthorized?: () => Promise<boolean>;
  fetch?: FetchLike;
  /** Milliseconds before a non-streaming call gives up (default 15 s). */
  timeoutMs?: number;
}

export class GatewayClient {
  readonly baseUrl: string;
  private readonly fetchFn: FetchLike;
  private readonly credentials: CredentialsProvider;
  private readonly onUnauthorized: (() => Promise<boolean>) | undefined;
  private readonly timeoutMs: number;

  constructor(options: GatewayClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const global = (globalThis as { fetch?: FetchLike }).fetch;
    this.fetchFn = options.fetch ?? ((url, init) => (global ? global(url, init) : Promise.reject(new TypeError('fetch is not available'))));
    this.credentials = options.credentials ?? (() => ({}));
    this.onUnauthorized = options.onUnauthorized;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** GET /healthz (no credentials needed). */
  async health(signal?: AbortSignal): Promise<{ status: string }> {
    return this.json<{ status: string }>('GET', '/healthz', undefined, signal, false);
  }

  listTemplates(signal?: AbortSignal): Promise<TemplateList> {
    return this.json<TemplateList>('GET', '/v1/templates', undefined, signal);
  }

  getTemplate(key: string, signal?: AbortSignal): Promise<TemplateInfo> {
    const [dept, id] = key.split('/');
    return this.json<TemplateInfo>('GET', `/v1/templates/${encodeURIComponent(dept ?? '')}/${encodeURIComponent(id ?? '')}`, undefined, signal);
  }

  listModels(signal?: AbortSignal): Promise<ModelList> {
    return this.json<ModelList>('GET', '/v1/models', undefined, signal);
  }

  /** Server-side check (with the department's own house rules); the pane checks locally without it. */
  check(request: CheckRequest, signal?: AbortSignal): Promise<CheckResponse> {
    return this.json<CheckResponse>('POST', '/v1/checks', request, signal);
  }

  /**
   * POST /v1/drafts, streamed. Yields the gateway's events as they arrive; aborting `signal` (the Stop button)
   * ends the request and the iteration with an AbortError. An `error` event is yielded, not thrown: the caller
   * decides what a failed draft means (it inserts nothing).
   */
  draft(request: DraftRequest, options: { signal?: AbortSignal } = {}): AsyncGenerator<DraftEvent> {
    return this.textEvents<DraftEvent>('/v1/drafts', request, options.signal);
  }

  /**
   * POST /v1/transform (polish, translate, summarise, formalise, minutes), streamed with the same events as a
   * draft, and ended the same way: aborting `signal` (Stop) ends the iteration with GatewayError('aborted'); an
   * `error` event is yielded, not thrown.
   */
  transform(request: TransformRequest, options: { signal?: AbortSignal } = {}): AsyncGenerator<TransformEvent> {
    return this.textEvents<TransformEvent>(TRANSFORM_PATH, request, options.signal);
  }

  /** The events of a streamed text answer, parsed as they arrive. */
  private async *textEvents<E extends { type: string; data: unknown }>(path: string, request: unknown, signal?: AbortSignal): AsyncGenerator<E> {
    const res = await this.send('POST', path, request, signal, true, { accept: 'text/event-stream' });
    if (!res.body) throw new GatewayError('protocol', 'the gateway sent no stream', res.status);
    try {
      for await (const message of readSse(res.body, signal)) {
        const type = message.event;
        if (type !== 'meta' && type !== 'delta' && type !== 'findings' && type !== 'done' && type !== 'error') continue;
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          throw new GatewayError('protocol', `the gateway sent an unreadable "${type}" event`);
        }
        yield { type, data } as E;
      }
    } catch (err) {
      if (signal?.aborted || (err as Error).name === 'AbortError') throw new GatewayError('aborted', 'stopped');
      if (err instanceof GatewayError) throw err;
      throw new GatewayError('stream', `the connection to the gateway broke: ${(err as Error).message}`);
    }
  }


  private async json<T>(method: string, path: string, body: unknown, signal: AbortSignal | undefined, auth = true): Promise<T> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const onAbort = () => timeout.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.send(method, path, body, timeout.signal, auth, { accept: 'application/json' }, signal);
      const text = await res.text();
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new GatewayError('protocol', `the gateway's answer to ${path} is not JSON`, res.status);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    auth: boolean,
    extra: Record<string, string>,
    callerSignal: AbortSignal | undefined = signal,
    retried = false,
  ): Promise<ResponseLike> {
    const headers: Record<string, string> = { ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) Object.assign(headers, await this.credentials());
    let res: ResponseLike;
    try {
      res = await this.fetchFn(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (err) {
      if (callerSignal?.aborted) throw new GatewayError('aborted', 'stopped');
      if (signal?.aborted) throw new GatewayError('network', `the gateway at ${this.baseUrl} did not answer in time`);
      throw new GatewayError('network', `the gateway at ${this.baseUrl} cannot be reached (${(err as Error).message || 'network error'})`);
    }
    if (res.status === 401 && auth && !retried && this.onUnauthorized && (await this.onUnauthorized().catch(() => false))) {
      // One fresh token, one retry: a second 401 is the gateway's final word.
      return this.send(method, path, body, signal, auth, extra, callerSignal, true);
    }
    if (!res.ok) throw await errorFrom(res);
    return res;
  }
}

/** The gateway's `{error: {message, code}}`, or the status line when the body says nothing. */
async function errorFrom(res: ResponseLike): Promise<GatewayError> {
  let message = `HTTP ${res.status}`;
  let code: string | undefined;
  try {
    const text = await res.text();
    try {
      const parsed = JSON.parse(text) as { error?: { message?: string; code?: string } | string };
      if (typeof parsed.error === 'string') message = parsed.error;
      else if (parsed.error?.message) {
        message = parsed.error.message;
        code = parsed.error.code;
      }
    } catch {
      if (text.trim()) message = text.trim().slice(0, 300);
    }
  } catch {
    // no body
  }
  return new GatewayError('http', message, res.status, code);
}

