import { readSseData, sseData, sseEvent } from '../../../src/gateway/providers/sse';

async function collect(pieces: Array<Uint8Array | string>): Promise<string[]> {
  async function* source() {
    for (const p of pieces) yield p;
  }
  const out: string[] = [];
  for await (const d of readSseData(source())) out.push(d);
  return out;
}

const STREAM = [
  ': keep-alive',
  '',
  'data: {"choices":[{"delta":{"content":"衞生督察"}}]}',
  '',
  'event: ignored-name',
  'id: 7',
  'data:{"no":"space"}',
  '',
  ':comment with data: inside',
  'data: line one',
  'data: line two',
  '',
  'retry: 1000',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const EXPECTED = ['{"choices":[{"delta":{"content":"衞生督察"}}]}', '{"no":"space"}', 'line one\nline two', '[DONE]'];

describe('readSseData', () => {
  it('reads data, skips comments, names, ids and retry fields', async () => {
    expect(await collect([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events whatever the chunk boundaries (every byte split, incl. inside UTF-8 characters)', async () => {
    const bytes = Buffer.from(STREAM, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(EXPECTED);
    }
    // and one byte at a time
    expect(await collect([...bytes].map((b) => Uint8Array.of(b)))).toEqual(EXPECTED);
  });

  it('accepts CRLF line endings, split anywhere', async () => {
    const crlf = Buffer.from(STREAM.replace(/\n/g, '\r\n'), 'utf8');
    expect(await collect([crlf])).toEqual(EXPECTED);
    for (let cut = 1; cut < crlf.length; cut += 7) {
      expect(await collect([crlf.subarray(0, cut), crlf.subarray(cut)])).toEqual(EXPECTED);
    }
  });

  it('yields an event as soon as its blank line arrives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* source() {
      yield 'data: one\n\n';
      await gate;
      yield 'data: two\n\n';
    }
    const it = readSseData(source());
    expect((await it.next()).value).toBe('one');
    release();
    expect((await it.next()).value).toBe('two');
    expect((await it.next()).done).toBe(true);
  });

  it('ignores blank lines between events', async () => {
    expect(await collect(['\n\n\ndata: a\n\n\n\ndata: b\n\n'])).toEqual(['a', 'b']);
  });
});

describe('writing events', () => {
  it('frames data and named events', () => {
    expect(sseData('[DONE]')).toBe('data: [DONE]\n\n');
    expect(sseEvent('delta', { text: 'a\nb' })).toBe('event: delta\ndata: {"text":"a\\nb"}\n\n');
  });
});
