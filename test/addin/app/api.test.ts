import { TextDecoder, TextEncoder } from 'node:util';
import { GatewayClient, GatewayError } from '../../../src/addin/api/client';
import { FakeGateway, json, sse, Stream, streamResponse } from '../panes/support/fake-gateway';

Object.assign(globalThis, { TextDecoder, TextEncoder });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('GatewayClient', () => {
  test('draft: SSE parsed from a fetch stream, across chunk and UTF-8 boundaries', async () => {
    const stream = new Stream();
    const client = new GatewayClient({ baseUrl: 'http://g.test/', fetch: async () => streamResponse(stream), credentials: () => ({ 'x-api-key': 'k' }) });
    const events = collect(client.draft({ template: 'fehd/memo', fields: {}, keyPoints: [] }));
    const bytes = new TextEncoder().encode(sse('delta', { text: '衞生' }) + ': keep-alive\n\n' + sse('done', { text: '衞生', composer: 'offline', provider: 'offline' }).replace(/\n/g, '\r\n'));
    // Split inside the first Chinese character's three bytes.
    const cut = bytes.indexOf(0xe8) + 1;
    stream.pushBytes(bytes.slice(0, cut));
    stream.pushBytes(bytes.slice(cut));
    stream.end();
    expect(await events).toEqual([
      { type: 'delta', data: { text: '衞生' } },
      { type: 'done', data: { text: '衞生', composer: 'offline', provider: 'offline' } },
    ]);
  });

  test('requests carry the credentials and JSON', async () => {
    const gateway = new FakeGateway({ departments: [] });
    const client = new GatewayClient({ baseUrl: 'http://g.test', fetch: gateway.fetch, credentials: async () => ({ authorization: 'Bearer t' }) });
    await client.listTemplates();
    await client.health();
    expect(gateway.requests[0]).toMatchObject({ url: 'http://g.test/v1/templates', method: 'GET', headers: { authorization: 'Bearer t', accept: 'application/json' } });
    // Health is open: no credentials sent.
    expect(gateway.requests[1].headers.authorization).toBeUndefined();
  });

  test("errors carry the gateway's reason and code", async () => {
    const client = new GatewayClient({ baseUrl: 'http://g.test', fetch: async () => json(429, { error: { message: 'daily token quota exhausted', code: 'quota_exceeded' } }) });
    const err = await client.listTemplates().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'http', status: 429, code: 'quota_exceeded', message: 'daily token quota exhausted' });
  });

  test('an unreachable gateway is said to be unreachable', async () => {
    const client = new GatewayClient({ baseUrl: 'http://g.test', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    const err = (await client.health().catch((e: unknown) => e)) as GatewayError;
    expect(err.unreachable).toBe(true);
    expect(err.message).toContain('http://g.test cannot be reached');
  });

  test('Stop: aborting ends the iteration as "aborted"', async () => {
    const gateway = new FakeGateway();
    const client = new GatewayClient({ baseUrl: 'http://g.test', fetch: gateway.fetch });
    const controller = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of client.draft({ template: 'a/b', fields: {}, keyPoints: [] }, { signal: controller.signal })) {
        seen.push(e.type);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 0));
    gateway.drafts[0].push(sse('delta', { text: 'a' }));
    const err = (await done) as GatewayError;
    expect(seen).toEqual(['delta']);
    expect(err.kind).toBe('aborted');
    expect(gateway.drafts[0].cancelled).toBe(true);
  });
});
