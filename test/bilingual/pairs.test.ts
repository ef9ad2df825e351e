import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkBilingual, type BilingualFinding } from '../../src/core/bilingual';
import { fromPlainText } from '../../src/core/text/document';
import { loadPacksFromDir } from '../../src/node/pack-source';

interface Expected {
  rule: string;
  document: 'zh-HK' | 'en';
  text: string;
}
interface Pair {
  id: string;
  zh: string;
  en: string;
  glossary?: string;
  expect: Expected[];
}
const fixtures = parse(readFileSync(join(__dirname, '../fixtures/bilingual/pairs.yaml'), 'utf8')) as { seeded: Pair[]; clean: Pair[] };
const packs = loadPacksFromDir();

function check(pair: Pair): BilingualFinding[] {
  const glossary = pair.glossary ? packs.departments.find((d) => d.id === pair.glossary)?.glossary : undefined;
  if (pair.glossary) expect(glossary?.length).toBeGreaterThan(0);
  return checkBilingual(fromPlainText(pair.zh), fromPlainText(pair.en), { glossary });
}

const show = (fs: readonly BilingualFinding[]) => fs.map((f) => `${f.ruleId} ${f.document} «${f.text}» ${f.message.en}`).join('\n');

describe('bilingual fixtures', () => {
  it('has at least 20 seeded pairs and 10 clean pairs', () => {
    expect(fixtures.seeded.length).toBeGreaterThanOrEqual(20);
    expect(fixtures.clean.length).toBeGreaterThanOrEqual(10);
    const paragraphs = [...fixtures.seeded, ...fixtures.clean].reduce((n, p) => n + p.zh.split('\n').length, 0);
    expect(paragraphs).toBeGreaterThanOrEqual(30);
  });

  describe.each(fixtures.seeded.map((p) => [p.id, p] as const))('seeded %s', (_id, pair) => {
    it('finds every seeded mismatch, named, at the exact text in the right version, and nothing else', () => {
      const findings = check(pair);
      const got = findings.map((f) => ({ rule: f.ruleId, document: f.document, text: f.text }));
      expect({ pair: pair.id, got, detail: show(findings) }).toEqual({ pair: pair.id, got: expect.arrayContaining(pair.expect), detail: expect.any(String) });
      expect({ pair: pair.id, extra: got.filter((g) => !pair.expect.some((e) => e.rule === g.rule && e.document === g.document && e.text === g.text)) }).toEqual({ pair: pair.id, extra: [] });
      for (const f of findings) {
        const doc = fromPlainText(f.document === 'en' ? pair.en : pair.zh);
        const block = doc.blocks.find((b) => b.id === f.block)!;
        expect(block.text.slice(f.start, f.end)).toBe(f.text);
        expect(f.message.en).toMatch(f.document === 'en' ? /English version/ : /Chinese version/);
        expect(f.message['zh-HK']).toMatch(f.document === 'en' ? /英文本/ : /中文本/);
      }
    });
  });

  describe.each(fixtures.clean.map((p) => [p.id, p] as const))('clean %s', (_id, pair) => {
    it('gives no finding', () => {
      const findings = check(pair);
      expect({ pair: pair.id, findings: show(findings) }).toEqual({ pair: pair.id, findings: '' });
    });
  });
});
