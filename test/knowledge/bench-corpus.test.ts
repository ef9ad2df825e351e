/** The corpus generator of bench/knowledge.bench.js, at a small size: one passage per paragraph, both languages. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeBase } from '../../src/gateway/knowledge';
import { tempDir } from './helpers';

const { generateCorpus } = require('../../bench/knowledge.bench.js') as {
  generateCorpus(dir: string, chunks: number, seed?: number): { departments: string[]; phrases: Array<{ department: string; text: string }>; files: number };
};

it('generates N passages that index as N chunks, searchable within each department', async () => {
  const dir = tempDir('wenshu-kbc-');
  try {
    const corpus = generateCorpus(join(dir, 'templates'), 600);
    expect(corpus.files).toBe(24);
    const kb = new KnowledgeBase({ templatesDir: join(dir, 'templates'), dbPath: join(dir, 'k.db') });
    const summary = await kb.refresh();
    expect(summary.skipped).toEqual([]);
    expect(summary.departments.reduce((n, d) => n + d.chunks, 0)).toBe(600);
    const langs = kb.store.db.prepare<[], { lang: string; n: number }>('SELECT lang, COUNT(*) AS n FROM chunks GROUP BY lang').all();
    expect(langs.map((l) => l.lang).sort()).toEqual(['en', 'zh-HK']);
    expect(corpus.phrases.length).toBeGreaterThan(3);
    for (const p of corpus.phrases) {
      for (const h of kb.searchLexical(p.department, p.text, 5)) expect(h.department === p.department || h.shared).toBe(true);
    }
    await kb.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
