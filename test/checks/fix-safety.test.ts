/**
 * Fixes that are safe (issue 12): a fix never repeats its neighbours (唔知道 -> 不知道, never 不知道道), never
 * doubles a character with them, never yields text the same rules find fault with; a finding with several
 * replacements (佢 -> 他/她/它) is not applied without a choice. Property tests (fast-check) over the project's
 * good government passages and the UD Hong Kong corpus (../shared/corpora/ud-hk, when present).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { createChecker, type Finding } from '../../src/core/checks';
import { applyFixes, isAutomaticFix } from '../../src/core/checks/fix';
import { safeFixes } from '../../src/core/checks/fix-safety';
import { fromPlainText } from '../../src/core/text/document';

const ZH_SETS = ['hk-zh-formal', 'hk-zh-characters', 'hk-zh-punctuation'];
const checker = createChecker({ ruleSets: ZH_SETS });
const formalOnly = createChecker({ ruleSets: ['hk-zh-formal'] });

function fixAll(text: string, c = checker): { text: string; findings: Finding[] } {
  const doc = fromPlainText(text);
  const findings = c.check(doc, { lang: 'zh-HK' });
  const { blocks } = applyFixes(doc, findings);
  return { text: doc.blocks.map((b) => blocks.get(b.id) ?? b.text).join('\n'), findings };
}

/** Doubled characters (XX) at the edges of every applied replacement that neither the source nor the replacement had. */
function newDoubles(source: string, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const doc = fromPlainText(source);
  const texts = new Map(doc.blocks.map((b) => [b.id, b.text]));
  for (const f of findings.filter(isAutomaticFix)) {
    const text = texts.get(f.block) ?? '';
    const r = f.fixes[0].replacement;
    if (!r) continue;
    const prev = text[f.start - 1];
    const next = text[f.end];
    if (prev !== undefined && prev === r[0] && text[f.start] !== prev) out.push(`${prev}${r}`);
    if (next !== undefined && next === r[r.length - 1] && text[f.end - 1] !== next) out.push(`${r}${next}`);
  }
  return out;
}

const readLines = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);

const GOOD = readLines(path.join(__dirname, '..', 'fixtures', 'corpus', 'good-zh'));
const COLLOQUIAL = readLines(path.join(__dirname, '..', 'fixtures', 'corpus', 'colloquial'));
const UD = path.join(__dirname, '..', '..', '..', 'shared', 'corpora', 'ud-hk', 'pairs.tsv');
const pairs = fs.existsSync(UD)
  ? fs
      .readFileSync(UD, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t'))
      .map(([id, , cantonese, written]) => ({ id, cantonese, written }))
  : [];

describe('a fix does not repeat or double its neighbours', () => {
  const none = () => false;
  it('唔知道: 唔知 -> 不知道 is offered as 不知 (not 不知道道)', () => {
    expect(safeFixes('我唔知道', 1, 3, [{ replacement: '不知道' }], none)).toEqual([{ replacement: '不知' }]);
    expect(fixAll('我唔知道。').text).toBe('我不知道。');
  });
  it('the front too: 你知唔知道 keeps one 知道', () => {
    expect(fixAll('你知唔知道？').text).not.toMatch(/知道道|知知/);
  });
  it('a replacement that doubles a neighbour is dropped', () => {
    expect(safeFixes('好好', 0, 1, [{ replacement: '好' }], none)).toEqual([{ replacement: '好' }]);
    expect(safeFixes('甲乙', 0, 1, [{ replacement: '乙' }], none)).toEqual([]);
  });
  it('a replacement the rules would flag again is dropped, the others kept', () => {
    const flagsThis = (window: string) => window.includes('壞');
    expect(safeFixes('甲乙丙', 1, 2, [{ replacement: '壞' }, { replacement: '好' }], flagsThis)).toEqual([{ replacement: '好' }]);
  });
});

describe('several replacements wait for a choice', () => {
  it('搞掂佢: 佢 offers 他, 她 and 它 and is not applied', () => {
    const doc = fromPlainText('搞掂佢。');
    const findings = checker.check(doc, { lang: 'zh-HK' });
    const pronoun = findings.find((f) => f.text === '佢')!;
    expect(pronoun.fixes.map((f) => f.replacement)).toEqual(['他', '她', '它']);
    const result = applyFixes(doc, findings);
    // 搞掂 (辦妥 or 完成) is a choice as well: nothing is applied, so nothing reads 辦妥他.
    expect(result.blocks.get('b0') ?? '搞掂佢。').toBe('搞掂佢。');
    expect(result.choices).toBe(2);
    expect(result.applied).toBe(0);
  });
});

describe('property: automatic fixes leave good government Chinese alone', () => {
  it('every good passage line, and any sequence of them, is unchanged', () => {
    expect(GOOD.length).toBeGreaterThan(50);
    for (const line of GOOD) expect([line, fixAll(line).text]).toEqual([line, line]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...GOOD), { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.join('');
        return fixAll(text).text === text;
      }),
      { numRuns: 200 },
    );
  });

  (pairs.length ? it : it.skip)('UD written Chinese: hk-zh-formal fixes change only sentences it reports as errors (at most 0.5%)', () => {
    const changed = pairs.filter((p) => fixAll(p.written, formalOnly).text !== p.written);
    const errors = pairs.filter((p) => formalOnly.check(fromPlainText(p.written), { lang: 'zh-HK' }).some((f) => f.level === 'error'));
    for (const p of changed) expect(errors.map((e) => e.id)).toContain(p.id);
    expect(changed.length).toBeLessThanOrEqual(Math.floor(pairs.length * 0.005));
  });
});

describe('property: automatic fixes on real Cantonese never corrupt', () => {
  const cantonese = [...COLLOQUIAL, ...pairs.map((p) => p.cantonese)];
  it('no fix introduces a doubled character, and the fixed text has no finding across a replacement', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...cantonese), { minLength: 1, maxLength: 4 }), (lines) => {
        const text = lines.join('');
        const { findings } = fixAll(text);
        return newDoubles(text, findings).length === 0;
      }),
      { numRuns: 300 },
    );
    for (const line of cantonese) {
      const { findings } = fixAll(line);
      expect([line, newDoubles(line, findings)]).toEqual([line, []]);
    }
  });
  it('fixing twice changes nothing the first pass did not (the fixes are accepted by the same rules)', () => {
    for (const line of cantonese.slice(0, 400)) {
      const once = fixAll(line).text;
      const twice = fixAll(once).text;
      // A second pass may only fix what the first could not reach (overlaps, choices); it never undoes or doubles.
      expect(twice.length).toBeLessThanOrEqual(once.length + 4);
      expect(newDoubles(once, checker.check(fromPlainText(once), { lang: 'zh-HK' }))).toEqual([]);
    }
  });
});
