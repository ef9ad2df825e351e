/**
 * Precision and recall of the built-in rule sets on a fixture corpus (test/fixtures/corpus):
 * - good-zh, good-en: well-written government Chinese and English: no errors, at most 1 warning per 2,000 characters;
 * - colloquial: spoken Cantonese written down, one sentence a line: every line is flagged by hk-zh-formal;
 * - colloquial-hard: Cantonese a word list cannot catch: recall is reported, not asserted;
 * - simplified: Simplified Chinese, one sentence a line: every line is flagged by hk-zh-characters;
 * - annotated: drafts with the problems marked ⟦ ⟧: precision and recall per finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createChecker, type Finding } from '../../src/core/checks';
import { fromPlainText } from '../../src/core/text/document';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');

interface Sample {
  name: string;
  text: string;
}

function readDir(dir: string): Sample[] {
  const full = path.join(CORPUS, dir);
  return fs
    .readdirSync(full)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, text: fs.readFileSync(path.join(full, f), 'utf8') }));
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const countChars = (text: string) => [...text.replace(/\s/g, '')].length;
const show = (fs: Finding[]) => fs.map((f) => `  ${f.level} ${f.ruleId} ${f.block}:${f.start} "${f.text}" ${f.message.en}`).join('\n');

const all = createChecker();
const formal = createChecker({ ruleSets: ['hk-zh-formal'] });
const characters = createChecker({ ruleSets: ['hk-zh-characters'] });

const goodZh = readDir('good-zh');
const goodEn = readDir('good-en');
const colloquial = readDir('colloquial');
const colloquialHard = readDir('colloquial-hard');
const simplified = readDir('simplified');
const annotated = readDir('annotated');

/** Figures collected by the tests and printed once at the end. */
const report: Record<string, string> = {};

describe('corpus: well-written government text', () => {
  it('is big enough to mean something', () => {
    expect(goodZh.length).toBeGreaterThanOrEqual(12);
    expect(goodEn.length).toBeGreaterThanOrEqual(12);
  });

  const cases = [
    ...goodZh.map((s) => [s.name, s, 'zh-HK'] as const),
    ...goodEn.map((s) => [s.name, s, 'en'] as const),
  ];
  it.each(cases)('%s: no errors, at most 1 warning per 2,000 characters', (_name, sample, lang) => {
    const findings = all.check(fromPlainText(sample.text), { lang });
    const errors = findings.filter((f) => f.level === 'error');
    const warnings = findings.filter((f) => f.level === 'warning');
    const chars = countChars(sample.text);
    const ok = errors.length === 0 && warnings.length <= chars / 2000;
    if (!ok) throw new Error(`${sample.name} (${chars} characters):\n${show(findings)}`);
  });

  it('counts false positives per 10,000 characters', () => {
    let chars = 0;
    const byLevel = { error: 0, warning: 0, suggestion: 0 };
    for (const [sample, lang] of [...goodZh.map((s) => [s, 'zh-HK'] as const), ...goodEn.map((s) => [s, 'en'] as const)]) {
      chars += countChars(sample.text);
      for (const f of all.check(fromPlainText(sample.text), { lang })) byLevel[f.level]++;
    }
    const per10k = (n: number) => ((n * 10000) / chars).toFixed(2);
    report['good text'] =
      `${goodZh.length + goodEn.length} files, ${chars} characters: ` +
      `${byLevel.error} errors, ${byLevel.warning} warnings, ${byLevel.suggestion} suggestions ` +
      `(${per10k(byLevel.error + byLevel.warning + byLevel.suggestion)} findings per 10,000 characters)`;
    expect(byLevel.error).toBe(0);
  });
});

describe('corpus: spoken Cantonese', () => {
  it('has at least 10 files', () => expect(colloquial.length).toBeGreaterThanOrEqual(10));

  it.each(colloquial.map((s) => [s.name, s] as const))('%s: every line is flagged by hk-zh-formal', (_name, sample) => {
    const missed = lines(sample.text).filter((line) => !formal.check(fromPlainText(line), { lang: 'zh-HK' }).some((f) => f.ruleId.startsWith('hk-zh-formal/')));
    expect(missed).toEqual([]);
  });

  it('recall per line', () => {
    const all = colloquial.flatMap((s) => lines(s.text));
    const flagged = all.filter((line) => formal.check(fromPlainText(line), { lang: 'zh-HK' }).length > 0);
    const findings = all.reduce((n, line) => n + formal.check(fromPlainText(line), { lang: 'zh-HK' }).length, 0);
    report['colloquial'] = `${flagged.length}/${all.length} lines flagged (recall ${pct(flagged.length, all.length)}), ${findings} findings`;
    expect(flagged.length).toBe(all.length);
  });

  it('reports (without asserting) recall on known-hard Cantonese', () => {
    const hard = colloquialHard.flatMap((s) => lines(s.text));
    const flagged = hard.filter((line) => formal.check(fromPlainText(line), { lang: 'zh-HK' }).length > 0);
    report['colloquial (known hard)'] = `${flagged.length}/${hard.length} lines flagged; these need context a literal rule cannot see`;
    expect(hard.length).toBeGreaterThan(0);
  });
});

describe('corpus: Simplified Chinese', () => {
  it.each(simplified.map((s) => [s.name, s] as const))('%s: every line is flagged by hk-zh-characters', (_name, sample) => {
    const missed = lines(sample.text).filter((line) => !characters.check(fromPlainText(line), { lang: 'zh-HK' }).some((f) => f.ruleId.startsWith('hk-zh-characters/')));
    expect(missed).toEqual([]);
  });

  it('recall per line', () => {
    const all = simplified.flatMap((s) => lines(s.text));
    const flagged = all.filter((line) => characters.check(fromPlainText(line), { lang: 'zh-HK' }).length > 0);
    report['simplified'] = `${flagged.length}/${all.length} lines flagged (recall ${pct(flagged.length, all.length)})`;
    expect(flagged.length).toBe(all.length);
  });
});

/** Strips ⟦ ⟧ marks from one line, returning the clean text and the marked spans (UTF-16 offsets). */
export function parseMarks(line: string): { text: string; spans: Array<{ start: number; end: number }> } {
  let text = '';
  const spans: Array<{ start: number; end: number }> = [];
  let open = -1;
  for (const ch of line) {
    if (ch === '⟦') open = text.length;
    else if (ch === '⟧') {
      spans.push({ start: open, end: text.length });
      open = -1;
    } else text += ch;
  }
  return { text, spans };
}

describe('corpus: annotated drafts', () => {
  it('parses marks', () => {
    expect(parseMarks('有關⟦报⟧告')).toEqual({ text: '有關报告', spans: [{ start: 2, end: 3 }] });
  });

  it('precision and recall per finding', () => {
    let tp = 0;
    let fp = 0;
    let marks = 0;
    let found = 0;
    const falsePositives: string[] = [];
    const misses: string[] = [];
    for (const sample of annotated) {
      const parsed = sample.text.split('\n').map(parseMarks);
      const doc = fromPlainText(parsed.map((p) => p.text).join('\n'));
      const lang = /zh/.test(sample.name) ? 'zh-HK' : 'en';
      const findings = all.check(doc, { lang });
      const spansOf = (blockId: string) => parsed[doc.blocks.findIndex((b) => b.id === blockId)]?.spans ?? [];
      const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
      for (const f of findings) {
        if (spansOf(f.block).some((s) => overlaps(s, f))) tp++;
        else {
          fp++;
          falsePositives.push(`${sample.name} ${f.ruleId} "${f.text}" in "${doc.blocks.find((b) => b.id === f.block)?.text}"`);
        }
      }
      doc.blocks.forEach((block, i) => {
        for (const span of parsed[i].spans) {
          marks++;
          if (findings.some((f) => f.block === block.id && overlaps(span, f))) found++;
          else misses.push(`${sample.name}: "${block.text.slice(span.start, span.end)}" in "${block.text}"`);
        }
      });
    }
    report['annotated'] =
      `precision ${pct(tp, tp + fp)} (${tp}/${tp + fp} findings), recall ${pct(found, marks)} (${found}/${marks} marked problems)` +
      (falsePositives.length ? `\n    false positives:\n      ${falsePositives.join('\n      ')}` : '') +
      (misses.length ? `\n    missed:\n      ${misses.join('\n      ')}` : '');
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.95);
    expect(found / marks).toBeGreaterThanOrEqual(0.9);
  });
});

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a';
}

afterAll(() => {
  const body = Object.entries(report).map(([k, v]) => `  ${k}: ${v}`).join('\n');
  if (body) console.log(`Rule-set corpus figures\n${body}`);
});
