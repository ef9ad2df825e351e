/**
 * Knowledge files carry a classification (marking, front matter, sidecar), and the embeddings provider is gated
 * by its own `external` and `maxClassification`: what it receives is recorded by a fake server on loopback.
 */
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase, type EmbeddingsConfig } from '../../src/gateway/knowledge';
import { FakeEmbeddings } from './fake-embeddings';
import { samples, tempDir, writeTemplates } from './helpers';

let server: FakeEmbeddings;
let dir: string;
let templates: string;
const open: KnowledgeBase[] = [];

beforeAll(async () => {
  server = await FakeEmbeddings.start();
});
afterAll(() => server.close());

beforeEach(async () => {
  server.reset();
  dir = tempDir();
  templates = writeTemplates(join(dir, 'templates'), {
    'alpha/knowledge/plain.md': '# Plain\n\n1. Rats are seen near the market; call 2868 0000 or write to chan.taiman@example.com.\n',
    'alpha/knowledge/marked.md': '**Restricted**\n\n# Marked\n\n1. Rat baiting schedule WORDMARKED for the market.\n',
    'alpha/knowledge/front.md': '---\nclassification: CONFIDENTIAL\n---\n# Front\n\n1. Rat survey WORDFRONT results.\n',
    'alpha/knowledge/side.txt': 'Side\n\n1. Rat contract WORDSIDE terms.\n',
    'alpha/knowledge/side.meta.yaml': 'classification: SECRET\n',
    'alpha/knowledge/word.docx': await samples.makeDocx({ title: 'Word file', blocks: [['p', '限閱文件'], ['p', 'Rat control WORDDOCX notes.']] }),
  });
});

afterEach(async () => {
  for (const kb of open.splice(0)) await kb.close();
  rmSync(dir, { recursive: true, force: true });
});

function kb(embeddings?: Partial<EmbeddingsConfig>): KnowledgeBase {
  const k = new KnowledgeBase({ templatesDir: templates, dbPath: join(dir, 'knowledge.db'), embeddings: embeddings && { baseUrl: server.url, model: 'bge-m3', ...embeddings } });
  open.push(k);
  return k;
}

const classes = (k: KnowledgeBase) => Object.fromEntries(k.store.files('alpha').map((f) => [f.path.replace('alpha/knowledge/', ''), f.classification]));

describe('knowledge file classification', () => {
  it('comes from a marking (also in Word), the front matter or a sidecar; the sidecar itself is not a document', async () => {
    const k = kb();
    const summary = await k.refresh();
    expect(summary.skipped).toEqual([]);
    expect(classes(k)).toEqual({ 'plain.md': 'UNCLASSIFIED', 'marked.md': 'RESTRICTED', 'front.md': 'CONFIDENTIAL', 'side.txt': 'SECRET', 'word.docx': 'RESTRICTED' });
    expect(k.searchLexical('alpha', 'WORDSIDE')[0]).toMatchObject({ file: 'alpha/knowledge/side.txt', classification: 'SECRET' });
  });

  it('a changed sidecar re-classifies the file, though the file itself is unchanged', async () => {
    const k = kb();
    await k.refresh();
    const side = join(templates, 'alpha/knowledge/side.meta.yaml');
    writeFileSync(side, 'classification: RESTRICTED\n');
    utimesSync(side, new Date(), new Date(Date.now() + 5_000));
    const s = await k.refresh();
    expect(s.departments[0].indexed).toBe(1);
    expect(classes(k)['side.txt']).toBe('RESTRICTED');
  });

  it('a sidecar cannot lower what the file’s own marking says', async () => {
    writeFileSync(join(templates, 'alpha/knowledge/marked.meta.yaml'), 'classification: UNCLASSIFIED\n');
    const k = kb();
    await k.refresh();
    expect(classes(k)['marked.md']).toBe('RESTRICTED');
  });

  it('a value that is not a classification skips the file with the reason, never UNCLASSIFIED', async () => {
    writeFileSync(join(templates, 'alpha/knowledge/side.meta.yaml'), 'classification: internal\n');
    writeFileSync(join(templates, 'alpha/knowledge/front.md'), '---\nclassification: secret-ish\n---\n# Front\n\n1. Text.\n');
    const k = kb();
    const s = await k.refresh();
    const reasons = Object.fromEntries(s.skipped.map((x) => [x.file, x.reason]));
    expect(reasons['alpha/knowledge/side.txt']).toMatch(/sidecar side\.meta\.yaml: "classification" must be one of UNCLASSIFIED, RESTRICTED/);
    expect(reasons['alpha/knowledge/front.md']).toMatch(/front matter "classification" must be one of/);
    expect(k.searchLexical('alpha', 'WORDSIDE')).toEqual([]);
  });
});

describe('the embeddings provider is gated like a model provider', () => {
  it('by default (external, UNCLASSIFIED): only unclassified passages are sent, redacted', async () => {
    const k = kb({});
    await k.refresh();
    const sent = server.inputs.join('\n');
    expect(sent).toContain('Rats are seen near the market');
    for (const w of ['WORDMARKED', 'WORDFRONT', 'WORDSIDE', 'WORDDOCX', '2868 0000', 'chan.taiman@example.com']) expect(sent).not.toContain(w);
  });

  it('internal and cleared for CONFIDENTIAL: passages up to CONFIDENTIAL are sent as they are; SECRET stays lexical', async () => {
    const k = kb({ external: false, maxClassification: 'CONFIDENTIAL' });
    await k.refresh();
    const sent = server.inputs.join('\n');
    for (const w of ['WORDMARKED', 'WORDFRONT', 'WORDDOCX', '2868 0000']) expect(sent).toContain(w);
    expect(sent).not.toContain('WORDSIDE');
    // A query from a SECRET request is not sent; a CONFIDENTIAL one is, unredacted.
    server.reset();
    expect(await k.search('alpha', 'rat contract', { classification: 'SECRET' })).toMatchObject({ mode: 'lexical', lexicalOnly: expect.stringMatching(/SECRET.*CONFIDENTIAL/) });
    expect(server.requests).toEqual([]);
    expect((await k.search('alpha', 'rat contract 2868 0000', { classification: 'CONFIDENTIAL' })).mode).toBe('hybrid');
    expect(server.inputs).toEqual(['rat contract 2868 0000']);
  });

  it('a passage kept from the embeddings server still ranks by its lexical rank in hybrid search', async () => {
    const k = kb({});
    await k.refresh();
    const hits = (await k.search('alpha', 'rat baiting schedule WORDMARKED', { k: 3 })).hits;
    expect(hits[0]).toMatchObject({ file: 'alpha/knowledge/marked.md', classification: 'RESTRICTED' });
  });
});
