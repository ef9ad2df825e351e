/**
 * Optional dense retrieval with an OpenAI-compatible embeddings server (a fake one on loopback): vectors are
 * computed once per passage, searches fuse lexical and dense rankings by reciprocal rank, and when the server
 * is down search falls back to lexical ranking.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase, reciprocalRankFusion } from '../../src/gateway/knowledge';
import { FakeEmbeddings } from './fake-embeddings';
import { tempDir, writeTemplates } from './helpers';

let server: FakeEmbeddings;
let dir: string;
let templates: string;
let kb: KnowledgeBase;
const warnings: string[] = [];

beforeAll(async () => {
  server = await FakeEmbeddings.start();
});
afterAll(() => server.close());

beforeEach(async () => {
  server.reset();
  warnings.length = 0;
  dir = tempDir();
  // No glossary: lexical search alone cannot cross from English to these Chinese passages.
  templates = writeTemplates(join(dir, 'templates'), {
    'alpha/knowledge/pests.md': '# 蟲鼠\n\n1. 本署人員會在後巷及垃圾收集站附近放置鼠餌，並堵塞老鼠出入口，以減少鼠隻在區內出沒的機會。\n\n2. 公眾洗手間及廁所由清潔工人在開放時間內全日清潔，並由督導人員每日巡查清潔情況。\n',
    'alpha/knowledge/other.md': '# Other\n\n1. Tree inspections are carried out in every district before the typhoon season begins.\n\n2. Noise from construction sites at night needs a construction noise permit from the authority.\n',
    'beta/knowledge/buses.md': '# Buses\n\n1. Rats were seen at the bus terminus; the operator cleans it daily.\n',
  });
  kb = new KnowledgeBase({
    templatesDir: templates,
    dbPath: join(dir, 'knowledge.db'),
    embeddings: { baseUrl: server.url, model: 'bge-m3', apiKey: 'sk-test', batchSize: 2 },
    log: { info: () => undefined, warn: (o) => warnings.push(JSON.stringify(o)) },
  });
});

afterEach(async () => {
  await kb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hybrid retrieval', () => {
  it('embeds every passage once, in batches, with the model and key', async () => {
    const s = await kb.refresh();
    expect(s.embedded).toBe(5);
    expect(server.requests.map((r) => r.input.length)).toEqual([2, 2, 1]);
    expect(server.requests.every((r) => r.model === 'bge-m3' && r.authorization === 'Bearer sk-test')).toBe(true);
    expect(server.inputs.some((t) => t.startsWith('蟲鼠\n1. 本署人員'))).toBe(true);

    server.reset();
    expect((await kb.refresh()).embedded).toBe(0);
    expect(server.requests).toEqual([]);

    // A changed file: only its passages are embedded again.
    writeFileSync(join(templates, 'alpha/knowledge/other.md'), '# Other\n\n1. Fallen trees are removed by the Highways Department.\n');
    expect((await kb.refresh()).embedded).toBe(1);
  });

  it('finds by meaning what lexical search cannot: an English query, a Chinese passage', async () => {
    await kb.refresh();
    expect(kb.searchLexical('alpha', 'rats', 5)).toEqual([]);
    const result = await kb.search('alpha', 'rats', { k: 3 });
    expect(result.mode).toBe('hybrid');
    expect(result.hits[0]).toMatchObject({ file: 'alpha/knowledge/pests.md', lang: 'zh-HK' });
    expect(result.hits[0].text).toContain('老鼠');
    // The query was embedded; scoping holds in the dense ranking too (beta's passage mentions rats).
    expect(server.requests[server.requests.length - 1].input).toEqual(['rats']);
    expect(result.hits.every((h) => h.department === 'alpha')).toBe(true);
    const lexicalOnly = await kb.search('alpha', 'rats', { k: 3, mode: 'lexical' });
    expect(lexicalOnly).toEqual({ mode: 'lexical', hits: [] });
  });

  it('fuses: a passage both rankings like comes first', async () => {
    await kb.refresh();
    const result = await kb.search('alpha', 'noise permit', { k: 5 });
    expect(result.hits[0].text).toContain('Noise from construction sites');
    expect(result.hits[0].score).toBeCloseTo(2 / 61, 5);
  });

  it('falls back to lexical results, with a warning, when the server fails', async () => {
    await kb.refresh();
    server.failWith = 503;
    const result = await kb.search('alpha', 'tree inspections', { k: 3 });
    expect(result.mode).toBe('lexical');
    expect(result.warning).toMatch(/503/);
    expect(result.hits[0].text).toContain('Tree inspections');
    expect(warnings.some((w) => w.includes('503'))).toBe(true);
  });

  it('indexes lexically when the server is down while indexing, and embeds the rest later', async () => {
    server.failWith = 500;
    const s = await kb.refresh();
    expect(s.embedded).toBe(0);
    expect(kb.searchLexical('alpha', 'tree inspections', 1)).toHaveLength(1);
    server.reset();
    expect((await kb.refresh()).embedded).toBe(5);
  });
});

describe('reciprocal rank fusion', () => {
  it('sums 1/(k + rank) over the rankings', () => {
    expect(reciprocalRankFusion([[1, 2, 3], [3, 1]], 60)).toEqual([
      { id: 1, score: 1 / 61 + 1 / 62 },
      { id: 3, score: 1 / 63 + 1 / 61 },
      { id: 2, score: 1 / 62 },
    ]);
  });
});
