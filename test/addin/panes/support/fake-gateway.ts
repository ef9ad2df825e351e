/**
 * A fake `fetch` for the gateway: JSON routes, and POST /v1/drafts as a server-sent event stream the test feeds
 * piece by piece (or all at once). Aborting the request ends the stream as a real fetch does.
 */
import type { FetchLike, ResponseLike } from '../../../../src/addin/api/client';
import type { DepartmentInfo, TemplateInfo } from '../../../../src/addin/api/types';

export interface Request {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A response body the test writes to. */
export class Stream {
  private queue: Array<Uint8Array | null> = [];
  private waiting: ((r: { done: boolean; value?: Uint8Array }) => void) | null = null;
  private failed: ((e: Error) => void) | null = null;
  cancelled = false;
  private readonly encoder = new TextEncoder();

  push(text: string): void {
    this.enqueue(this.encoder.encode(text));
  }

  /** Raw bytes, e.g. half a UTF-8 character. */
  pushBytes(bytes: Uint8Array): void {
    this.enqueue(bytes);
  }

  end(): void {
    this.enqueue(null);
  }

  abort(): void {
    const err = new Error('The operation was aborted.');
    err.name = 'AbortError';
    this.cancelled = true;
    this.failed?.(err);
    this.waiting = null;
    this.failed = null;
  }

  private enqueue(item: Uint8Array | null) {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      this.failed = null;
      w(item ? { done: false, value: item } : { done: true });
    } else this.queue.push(item);
  }

  getReader() {
    return {
      read: (): Promise<{ done: boolean; value?: Uint8Array }> => {
        if (this.cancelled) return Promise.resolve({ done: true });
        if (this.queue.length) {
          const item = this.queue.shift()!;
          return Promise.resolve(item ? { done: false, value: item } : { done: true });
        }
        return new Promise((resolve, reject) => {
          this.waiting = resolve;
          this.failed = reject;
        });
      },
      cancel: async () => {
        this.cancelled = true;
        this.waiting?.({ done: true });
        this.waiting = null;
      },
      releaseLock: () => undefined,
    };
  }
}

export function json(status: number, body: unknown): ResponseLike {
  const text = JSON.stringify(body);
  return { ok: status >= 200 && status < 300, status, headers: { get: () => 'application/json' }, body: null, text: async () => text };
}

export function streamResponse(stream: Stream): ResponseLike {
  return { ok: true, status: 200, headers: { get: () => 'text/event-stream' }, body: stream, text: async () => '' };
}

export interface FakeGatewayOptions {
  departments?: DepartmentInfo[];
  /** No gateway at all: every request fails as fetch does when nothing listens. */
  down?: boolean;
  /** GET /v1/templates answers this instead. */
  templatesResponse?: () => Promise<ResponseLike> | ResponseLike;
}

export class FakeGateway {
  readonly requests: Request[] = [];
  departments: DepartmentInfo[];
  down: boolean;
  templatesResponse?: FakeGatewayOptions['templatesResponse'];
  /** Streams of POST /v1/drafts, in order. */
  readonly drafts: Stream[] = [];
  /** Called for each POST /v1/drafts; by default a stream the test drives. */
  draftResponse: (stream: Stream, request: Request) => ResponseLike = (stream) => streamResponse(stream);

  constructor(options: FakeGatewayOptions = {}) {
    this.departments = options.departments ?? [];
    this.down = options.down ?? false;
    this.templatesResponse = options.templatesResponse;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const request: Request = { url, method: init.method, headers: init.headers, body: init.body ? JSON.parse(init.body) : undefined };
    this.requests.push(request);
    if (this.down) throw new TypeError('Failed to fetch');
    const path = new URL(url).pathname;
    if (path === '/healthz') return json(200, { status: 'ok' });
    if (path === '/v1/templates' && init.method === 'GET') return this.templatesResponse ? this.templatesResponse() : json(200, { departments: this.departments });
    if (path === '/v1/drafts' && init.method === 'POST') {
      const stream = new Stream();
      this.drafts.push(stream);
      init.signal?.addEventListener('abort', () => stream.abort(), { once: true });
      return this.draftResponse(stream, request);
    }
    return json(404, { error: { message: `no route ${init.method} ${path}`, code: 'not_found' } });
  };

  draftRequests(): Request[] {
    return this.requests.filter((r) => r.url.endsWith('/v1/drafts'));
  }
}

export function template(overrides: Partial<TemplateInfo> & { key: string }): TemplateInfo {
  const [department, id] = overrides.key.split('/');
  return {
    department,
    id,
    kind: 'letter',
    titles: { 'zh-HK': '回覆市民', en: 'Reply to a member of the public' },
    description: { 'zh-HK': '回覆市民來信。', en: 'A reply to a letter from a member of the public.' },
    languages: ['zh-HK', 'en'],
    classification: 'UNCLASSIFIED',
    citations: true,
    fields: [],
    sections: [{ id: 'response', titles: { 'zh-HK': '回覆', en: 'Response' }, required: true }],
    ruleSets: [],
    ...overrides,
  };
}

export const FEHD: DepartmentInfo = {
  id: 'fehd',
  names: { 'zh-HK': '食物環境衞生署', en: 'Food and Environmental Hygiene Department' },
  templates: [
    template({
      key: 'fehd/reply-public',
      fields: [
        { id: 'ourRef', labels: { 'zh-HK': '本署檔號', en: 'Our Ref.' }, type: 'reference', required: true, pattern: '[A-Za-z0-9()/ .,:-]{3,80}' },
        { id: 'subject', labels: { 'zh-HK': '標題', en: 'Subject' }, type: 'text', required: true },
        { id: 'contactPhone', labels: { 'zh-HK': '聯絡電話', en: 'Contact telephone' }, help: { 'zh-HK': '八位數字', en: 'Eight digits, e.g. 2868 0000.' }, type: 'text', required: true, pattern: '[23]\\d{3} ?\\d{4}' },
        { id: 'receivedDate', labels: { 'zh-HK': '來信日期', en: 'Date received' }, type: 'date', required: false },
        {
          id: 'channel',
          labels: { 'zh-HK': '來信方式', en: 'Channel' },
          type: 'enum',
          required: true,
          default: 'letter',
          options: [
            { value: 'letter', labels: { 'zh-HK': '信件', en: 'letter' } },
            { value: 'email', labels: { 'zh-HK': '電郵', en: 'email' } },
          ],
        },
        { id: 'details', labels: { 'zh-HK': '詳情', en: 'Details' }, type: 'longtext', required: false },
      ],
      ruleSets: ['hk-zh-formal', 'hk-zh-characters'],
    }),
    template({
      key: 'fehd/email-reply',
      kind: 'email-reply',
      titles: { 'zh-HK': '電郵回覆', en: 'Email reply' },
      fields: [{ id: 'subject', labels: { 'zh-HK': '來郵主旨', en: 'Subject of the incoming email' }, type: 'text', required: true }],
    }),
  ],
};
