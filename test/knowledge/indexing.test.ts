/** Incremental indexing, bad files, removal, and what is shared. */
import { rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../../src/gateway/knowledge';
import { samples, tempDir, writeTemplates } from './helpers';

const GUIDE = `---
title: Market Cleansing Guide
---

## Cleansing

1. Public markets are cleansed twice a day by the cleansing contractor, and the floors and drains are thoroughly washed after the market closes each evening.

2. Stall tenants keep their own stalls clean and must not put goods in the passages.
`;

const FAQ_ZH = `鼠患常見問題

鼠患

問：如何知道附近有鼠患？
答：留意是否有老鼠糞便、咬痕及鼠洞，並致電1823舉報。
`;

const TD_NOTE = `# Parking Meters

1. Parking meters accept Octopus cards and contactless credit cards; coins are not accepted.
`;

let dir: string;
let templates: string;
let kb: KnowledgeBase;

beforeEach(() => {
  dir = tempDir();
  templates = writeTemplates(join(dir, 'templates'), {
    'alpha/knowledge/guide.md': GUIDE,
    'alpha/knowledge/faq/rodents.txt': FAQ_ZH,
    'alpha/knowledge/README.md': '# not indexed',
    'alpha/knowledge/glossary.yaml': '- { en: rodent, zh-HK: 鼠患 }\n',
    'beta/knowledge/meters.md': TD_NOTE,
    'shared/knowledge/complaints.md': '# Complaints\n\n1. Give an interim reply to a written complaint within 10 calendar days.\n',
  });
  kb = new KnowledgeBase({ templatesDir: templates, dbPath: join(dir, 'knowledge.db') });
});

afterEach(async () => {
  await kb.close();
  rmSync(dir, { recursive: true, force: true });
});

const byDept = (s: Awaited<ReturnType<KnowledgeBase['refresh']>>) => Object.fromEntries(s.departments.map((d) => [d.department, d]));

describe('incremental indexing', () => {
  it('indexes every department and the shared folder, then reads only what changed', async () => {
    const first = await kb.refresh();
    expect(first.rebuilt).toBe(true);
    expect(first.skipped).toEqual([]);
    expect(byDept(first)).toMatchObject({
      alpha: { files: 2, indexed: 2, chunks: 3 },
      beta: { files: 1, indexed: 1, chunks: 1 },
      shared: { files: 1, indexed: 1, chunks: 1 },
    });

    const second = await kb.refresh();
    expect(second.rebuilt).toBe(false);
    expect(second.departments.every((d) => d.indexed === 0 && d.unchanged === d.files)).toBe(true);

    // Touched but not changed: read again, found identical by hash, not re-chunked.
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(templates, 'alpha/knowledge/guide.md'), future, future);
    expect(byDept(await kb.refresh()).alpha).toMatchObject({ indexed: 0, unchanged: 2 });

    // Changed: only that file is indexed again, and its old passages are gone.
    writeFileSync(join(templates, 'alpha/knowledge/guide.md'), GUIDE.replace('twice a day', 'three times a day'));
    expect(byDept(await kb.refresh()).alpha).toMatchObject({ indexed: 1, unchanged: 1, chunks: 3 });
    expect(kb.searchLexical('alpha', 'cleansed three times', 5)[0].text).toContain('three times a day');
    expect(kb.searchLexical('alpha', 'cleansed twice', 5).some((h) => h.text.includes('twice a day'))).toBe(false);

    // Removed: its passages leave the index.
    unlinkSync(join(templates, 'beta/knowledge/meters.md'));
    expect(byDept(await kb.refresh()).beta).toMatchObject({ removed: 1, files: 0 });
    expect(kb.searchLexical('beta', 'parking meters Octopus', 5)).toEqual([]);
  });

  it('refreshes one department (and the shared folder) when asked', async () => {
    await kb.refresh();
    writeFileSync(join(templates, 'beta/knowledge/meters.md'), TD_NOTE.replace('coins', 'banknotes'));
    writeFileSync(join(templates, 'alpha/knowledge/guide.md'), `${GUIDE}\n3. New paragraph about markets and stalls, added later for the test.\n`);
    const s = await kb.refresh({ departments: ['alpha'] });
    expect(s.departments.map((d) => d.department)).toEqual(['alpha', 'shared']);
    expect(byDept(s).alpha.indexed).toBe(1);
    // beta was not looked at: its old text is still what is indexed.
    expect(kb.searchLexical('beta', 'coins', 5)).toHaveLength(1);
  });

  it('rebuilds from scratch when asked: everything, or one department', async () => {
    await kb.refresh();
    const s = await kb.refresh({ rebuild: true });
    expect(s.rebuilt).toBe(true);
    expect(s.departments.reduce((n, d) => n + d.indexed, 0)).toBe(4);
    const one = await kb.refresh({ rebuild: true, departments: ['beta'] });
    expect(one.departments.map((d) => [d.department, d.indexed])).toEqual([
      ['beta', 1],
      ['shared', 1],
    ]);
    expect(kb.searchLexical('alpha', 'stall tenants', 1)).toHaveLength(1);
  });

  it('keeps the source file, title and heading trail of every passage', async () => {
    await kb.refresh();
    const [hit] = kb.searchLexical('alpha', '老鼠糞便', 1);
    expect(hit).toMatchObject({ file: 'alpha/knowledge/faq/rodents.txt', title: '鼠患常見問題', heading: '鼠患', lang: 'zh-HK', department: 'alpha', shared: false });
    expect(hit.id).toBe('alpha/knowledge/faq/rodents.txt#0');
    const [guide] = kb.searchLexical('alpha', 'stall tenants passages', 1);
    expect(guide).toMatchObject({ title: 'Market Cleansing Guide', heading: 'Cleansing' });
    expect(guide.text.startsWith('2. Stall tenants')).toBe(true);
  });

  it('uses the knowledge glossary (glossary.yaml) to cross languages, and never indexes README or the glossary', async () => {
    await kb.refresh();
    expect(kb.searchLexical('alpha', 'rodent', 5).map((h) => h.file)).toEqual(['alpha/knowledge/faq/rodents.txt']);
    expect(kb.store.files().map((f) => f.path).sort()).toEqual(['alpha/knowledge/faq/rodents.txt', 'alpha/knowledge/guide.md', 'beta/knowledge/meters.md', 'shared/knowledge/complaints.md']);
  });
});

describe('folders', () => {
  it('follows symbolic links to folders, each once, so a loop ends', async () => {
    const { symlinkSync } = require('node:fs') as typeof import('node:fs');
    symlinkSync(join(templates, 'alpha/knowledge'), join(templates, 'alpha/knowledge/loop'));
    const s = await kb.refresh();
    expect(byDept(s).alpha).toMatchObject({ files: 2, skipped: 0 });
  });
});

describe('bad files', () => {
  it('are reported by name and skipped, and the rest is indexed; fixed, they are indexed', async () => {
    writeTemplates(templates, {
      'alpha/knowledge/damaged.docx': Buffer.from('PK\u0003\u0004 this is not a Word document'),
      'alpha/knowledge/scan.pdf': samples.makePdf({ title: 'Scanned', blocks: [] }),
      'alpha/knowledge/slides.pptx': Buffer.from('binary'),
      'alpha/knowledge/empty.md': '',
      'alpha/knowledge/front.md': '---\nshared: maybe\n---\n# x\n\ntext\n',
    });
    const s = await kb.refresh();
    const reasons = Object.fromEntries(s.skipped.map((x) => [x.file, x.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'alpha/knowledge/damaged.docx',
      'alpha/knowledge/empty.md',
      'alpha/knowledge/front.md',
      'alpha/knowledge/scan.pdf',
      'alpha/knowledge/slides.pptx',
    ]);
    expect(reasons['alpha/knowledge/scan.pdf']).toMatch(/has no text/);
    expect(reasons['alpha/knowledge/slides.pptx']).toMatch(/unsupported file type \.pptx/);
    expect(reasons['alpha/knowledge/empty.md']).toMatch(/empty/);
    expect(reasons['alpha/knowledge/front.md']).toMatch(/shared/);
    expect(reasons['alpha/knowledge/damaged.docx']).toBeTruthy();
    expect(byDept(s).alpha).toMatchObject({ indexed: 2, skipped: 5, chunks: 3 });
    expect(kb.searchLexical('alpha', 'stall tenants', 5).length).toBeGreaterThan(0);

    // Unchanged bad files are reported again without being read again.
    const again = await kb.refresh();
    expect(again.skipped.map((x) => x.file).sort()).toEqual(Object.keys(reasons).sort());

    // A fixed file is indexed.
    writeFileSync(join(templates, 'alpha/knowledge/damaged.docx'), await samples.makeDocx({ title: 'Fixed', blocks: [['h1', 'Section'], ['p', 'Hawker licences are personal to the licensee and may not be sublet.']] }));
    const fixed = await kb.refresh();
    expect(fixed.skipped.map((x) => x.file)).not.toContain('alpha/knowledge/damaged.docx');
    expect(kb.searchLexical('alpha', 'hawker licence sublet', 1)[0]).toMatchObject({ file: 'alpha/knowledge/damaged.docx', title: 'Fixed', heading: 'Section' });
  });
});

describe('shared knowledge', () => {
  it('the shared folder and files marked `shared: true` are seen by every department, nothing else is', async () => {
    writeTemplates(templates, { 'beta/knowledge/open.md': '---\nshared: true\n---\n# Open\n\nThe 1823 hotline answers enquiries on behalf of every department.\n' });
    await kb.refresh();
    expect(kb.searchLexical('alpha', 'interim reply complaint', 5).map((h) => h.file)).toEqual(['shared/knowledge/complaints.md']);
    expect(kb.searchLexical('alpha', '1823 hotline enquiries', 5)[0]).toMatchObject({ file: 'beta/knowledge/open.md', department: 'beta', shared: true });
    expect(kb.searchLexical('alpha', 'parking meters Octopus coins', 5)).toEqual([]);
    expect(kb.searchLexical('gamma', 'parking meters Octopus coins', 5)).toEqual([]);
    expect(kb.searchLexical('gamma', 'interim reply complaint', 5)).toHaveLength(1);
  });
});

describe('the gateway keeps answering while it indexes', () => {
  it('yields to the event loop between files', async () => {
    for (let i = 0; i < 30; i++) writeTemplates(templates, { [`alpha/knowledge/bulk/${i}.md`]: `# Doc ${i}\n\n1. Paragraph ${i} about market stalls and cleansing arrangements in district ${i}.\n` });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let progress = 0;
    await kb.refresh({ onProgress: () => progress++ });
    clearInterval(timer);
    expect(progress).toBe(34);
    expect(ticks).toBeGreaterThan(5);
  });

  it('stops between files when its signal is aborted', async () => {
    for (let i = 0; i < 10; i++) writeTemplates(templates, { [`alpha/knowledge/bulk/${i}.md`]: `# Doc ${i}\n\n1. Paragraph ${i}.\n` });
    const ac = new AbortController();
    const s = await kb.refresh({ signal: ac.signal, onProgress: ({ done }) => done === 3 && ac.abort() });
    expect(s.departments.reduce((n, d) => n + d.files, 0)).toBe(3);
  });
});
