/**
 * For the selection-actions tests: a fake gateway that also answers POST /v1/transform with a server-sent event
 * stream the test drives, a FakeHost whose selection follows `select`, and the app rendered on a tab.
 */
import { render } from '@testing-library/react';
import { App, type TabId } from '../../../src/addin/app/App';
import { AuthSession } from '../../../src/addin/auth/session';
import type { FetchLike, ResponseLike } from '../../../src/addin/api/client';
import type { TextTarget } from '../../../src/addin/hosts/document-host';
import { FakeGateway, Stream, streamResponse, template, FEHD, sse, type FakeGatewayOptions, type Request } from '../panes/support/fake-gateway';
import { FakeHost, type FakeHostOptions } from '../panes/support/fake-host';
import { CONFIG } from '../panes/support/render';

export { sse, Stream, FEHD, template };

export class ActionsGateway extends FakeGateway {
  /** Streams of POST /v1/transform, in order. */
  readonly transforms: Stream[] = [];
  /** Called for each POST /v1/transform; by default a stream the test drives. */
  transformResponse: (stream: Stream, request: Request) => ResponseLike = (stream) => streamResponse(stream);
  private readonly base: FetchLike;

  constructor(options: FakeGatewayOptions = {}) {
    super(options);
    this.base = this.fetch;
    (this as { fetch: FetchLike }).fetch = async (url, init) => {
      if (new URL(url).pathname === '/v1/transform' && init.method === 'POST') {
        const request: Request = { url, method: init.method, headers: init.headers, body: init.body ? JSON.parse(init.body) : undefined };
        this.requests.push(request);
        if (this.down) throw new TypeError('Failed to fetch');
        const stream = new Stream();
        this.transforms.push(stream);
        init.signal?.addEventListener('abort', () => stream.abort(), { once: true });
        return this.transformResponse(stream, request);
      }
      return this.base(url, init);
    };
  }

  transformRequests(): Request[] {
    return this.requests.filter((r) => r.url.endsWith('/v1/transform'));
  }

  /** The latest transform stream. */
  get stream(): Stream {
    const s = this.transforms[this.transforms.length - 1];
    if (!s) throw new Error('no transform request yet');
    return s;
  }
}

/** A FakeHost whose selection moves where `select` puts it (one paragraph), as a real host's does. */
export class SelectingHost extends FakeHost {
  constructor(options: FakeHostOptions = {}) {
    super(options);
  }

  override async select(target: TextTarget): Promise<void> {
    await super.select(target);
    const index = Number(/^p(\d+)/.exec(target.block)?.[1]);
    if (Number.isInteger(index)) this.selection = [index];
  }
}

/** A department with a minutes template, for the Minutes action's template list. */
export const MINUTES_DEPT = {
  ...FEHD,
  templates: [
    ...FEHD.templates,
    template({ key: 'fehd/minutes', kind: 'minutes', titles: { 'zh-HK': '會議紀錄', en: 'Minutes of meeting' } }),
    template({ key: 'fehd/minutes-short', kind: 'minutes', titles: { 'zh-HK': '簡要會議紀錄', en: 'Short minutes' } }),
  ],
};

export function renderActions(options: { host?: FakeHost; gateway?: ActionsGateway; tab?: TabId } = {}) {
  const host = options.host ?? new SelectingHost();
  const gateway = options.gateway ?? new ActionsGateway({ departments: [MINUTES_DEPT] });
  const auth = new AuthSession(undefined);
  const utils = render(<App host={host} config={CONFIG} fetch={gateway.fetch} auth={auth} initialTab={options.tab ?? 'check'} healthIntervalMs={60_000} />);
  return { ...utils, host, gateway };
}
