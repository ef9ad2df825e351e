/**
 * Normalising one section the model wrote, before anyone sees it: the wrapping taken off (tidy.ts), then for
 * Chinese: Simplified -> HK Traditional by phrase, Mainland -> HK vocabulary, the Government's character forms
 * and full-width punctuation; for English: British spelling. The house fixes are the checker's own rules (their
 * fixes applied only where a rule offers exactly one replacement, never a first choice among several).
 */
import { createChecker, type Checker } from '../checks';
import { applyFixes } from '../checks/fix';
import { fromPlainText } from '../text/document';
import type { Lang } from '../templates/schema';
import { toHongKongTraditional } from './hk-chinese';
import { tidySection, type Applied, type NormalisationKind, type TidyInput } from './tidy';

/** Rules whose single fix is applied without asking, and what the change is reported as. */
const AUTO_FIX: Record<string, NormalisationKind> = {
  'hk-zh-characters/hk-forms': 'hk-form',
  'hk-zh-characters/simplified': 'simplified',
  'hk-zh-punctuation/fullwidth': 'punctuation',
  'hk-zh-punctuation/ellipsis': 'punctuation',
  'hk-en-style/british-spelling': 'spelling',
  'hk-en-style/british-spelling-nouns': 'spelling',
  // Mainland terms, in context (質量 only of a service, 支持 only of support services): the checker decides.
  'hk-zh-vocabulary/mainland-terms': 'vocabulary',
};

/**
 * In a model's text, a Mainland term the rule set matched in context takes the set's first Hong Kong term (視頻 →
 * 影片, 反饋 → 回應), reported to the officer with the rest; in the officer's own text the same finding is a choice.
 */
const FIRST_CHOICE = new Set(['hk-zh-vocabulary/mainland-terms']);

const checkers = new Map<Lang, Checker>();
/** The house rules whose fixes apply to the language: Chinese characters and punctuation, or English style. */
const fixer = (lang: Lang) => {
  let c = checkers.get(lang);
  if (!c) checkers.set(lang, (c = createChecker({ ruleSets: lang === 'zh-HK' ? ['hk-zh-characters', 'hk-zh-punctuation', 'hk-zh-vocabulary'] : ['hk-en-style'] })));
  return c;
};

export interface NormalisedSection {
  id: string;
  paragraphs: string[];
  applied: Applied[];
}

export function normaliseSection(input: TidyInput & { lang: Lang; /** The template numbers paragraphs itself. */ numbered?: boolean }): NormalisedSection {
  const tidy = tidySection(input);
  const applied = [...tidy.applied];
  const report = (kind: NormalisationKind, from: string, to: string) => applied.push({ kind, section: input.section, from, to });
  const converted = tidy.paragraphs.map((raw) => {
    let p = raw;
    const own = input.numbered ? /^\s*(\d+|[一二三四五六七八九十]+)[.)、．]\s*/.exec(p) : null;
    if (own) {
      // The template numbers the paragraphs; the model's own numbers would be counted twice.
      report('numbering', own[0].trim(), '');
      p = p.slice(own[0].length);
    }
    if (input.lang !== 'zh-HK') return p;
    const hk = toHongKongTraditional(p);
    for (const c of hk.changes) report('simplified', c.from, c.to);
    return hk.text;
  });
  return { id: input.section, paragraphs: houseFixes(converted, input.lang, report), applied };
}

/** The house fixes over all the section's paragraphs in one pass of the checker (one block per paragraph line). */
function houseFixes(paragraphs: readonly string[], lang: Lang, report: (kind: NormalisationKind, from: string, to: string) => void): string[] {
  if (!paragraphs.length) return [];
  // Paragraphs joined by a line that no rule reads, so each keeps its own blocks.
  const SEP = '\n\u2063\n';
  const doc = fromPlainText(paragraphs.join(SEP));
  const findings = fixer(lang)
    .check(doc, { lang })
    .filter((f) => AUTO_FIX[f.ruleId] && (f.fixes.length === 1 || (FIRST_CHOICE.has(f.ruleId) && f.fixes.length > 1)))
    .map((f) => (f.fixes.length > 1 ? { ...f, fixes: [f.fixes[0]] } : f));
  if (!findings.length) return [...paragraphs];
  const { blocks } = applyFixes(doc, findings);
  for (const f of findings) report(AUTO_FIX[f.ruleId], f.text, f.fixes[0].replacement);
  return doc.blocks
    .map((b) => blocks.get(b.id) ?? b.text)
    .join('\n')
    .split(SEP);
}
