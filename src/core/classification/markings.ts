/**
 * Security-classification markings: the one reader used by the gateway's gate, the checker's classification
 * rule and knowledge indexing (pure TypeScript, no Node imports: it also runs in the task pane).
 *
 * A gate must not be fooled by a marking written loosely or disguised, so every line is normalised before it
 * is read: NFKC (full-width ＲＥＳＴＲＩＣＴＥＤ), upper case, invisible characters out (a zero-width space
 * inside the word), Cyrillic and Greek look-alikes mapped to Latin ("СONFIDENTIAL"), runs of spaces made one
 * ("TOP  SECRET"), and decoration around the word taken off: Markdown emphasis and headings, a quoted email
 * line ("> RESTRICTED"), table bars, brackets, a trailing full stop, a "Classification:" label. "TOP" and
 * "SECRET" on two lines are read together.
 *
 * A marking still has to stand on its own (a whole line, table cell or heading, or after a classification
 * label), optionally followed by the marking in the other language ("限閱文件 RESTRICTED") or by a separated
 * short qualifier ("RESTRICTED - STAFF", "限閱文件（人事）"): "restricted area" in a sentence is prose.
 *
 * Chinese terms: the Hong Kong Government's 絕對機密 (TOP SECRET), 高度機密 (SECRET), 機密 (CONFIDENTIAL)
 * and 限閱文件 (RESTRICTED); the short and older forms met in documents (絕密, 秘密, 機密文件, 限閱) are kept
 * as detected markings. 絕密/機密/秘密 are also the Mainland's three grades; they are read here at the
 * stricter Hong Kong meaning where the two differ (秘密 as SECRET).
 *
 * The checker also wants to know whether a marking is written exactly as the rule set spells it (so it can
 * offer the canonical form): `isCanonicalMarking`.
 */
import { CLASSIFICATIONS, type Classification } from '../checks/types';

export type MarkedLevel = Exclude<Classification, 'UNCLASSIFIED'>;

export interface MarkingTerm {
  text: string;
  level: MarkedLevel;
}

/** The Hong Kong Government's marking words, English and Chinese (the forms a fix writes). */
export const OFFICIAL_MARKINGS: ReadonlyArray<{ level: MarkedLevel; en: string; 'zh-HK': string }> = [
  { level: 'RESTRICTED', en: 'RESTRICTED', 'zh-HK': '限閱文件' },
  { level: 'CONFIDENTIAL', en: 'CONFIDENTIAL', 'zh-HK': '機密' },
  { level: 'SECRET', en: 'SECRET', 'zh-HK': '高度機密' },
  { level: 'TOP SECRET', en: 'TOP SECRET', 'zh-HK': '絕對機密' },
];

/** Short and older forms still met in documents: detected, never written by a fix. */
export const OLDER_MARKINGS: readonly MarkingTerm[] = [
  { text: '絕密', level: 'TOP SECRET' },
  { text: '秘密', level: 'SECRET' },
  { text: '機密文件', level: 'CONFIDENTIAL' },
  { text: '限閱', level: 'RESTRICTED' },
];

export const rankOf = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

/** The stricter of two classifications. */
export function stricterOf(a: Classification, b: Classification): Classification {
  return rankOf(b) > rankOf(a) ? b : a;
}

/** Latin look-alikes from Cyrillic and Greek that spell the marking words. */
const CONFUSABLES: Record<string, string> = {
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', І: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', Т: 'T', Х: 'X', У: 'Y',
  а: 'a', с: 'c', е: 'e', і: 'i', ј: 'j', о: 'o', р: 'p', ѕ: 's', т: 't', х: 'x', у: 'y', к: 'k', м: 'm', н: 'h', в: 'b',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
  ο: 'o', ε: 'e', τ: 't', ρ: 'p', ι: 'i', κ: 'k', ν: 'v',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');
/** Zero-width and other invisible format characters (soft hyphen, joiners, bidi marks, variation selectors, BOM). */
const INVISIBLE_RE = /[\u00AD\u034F\u061C\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/g;
/** Decoration inside or after a marking: emphasis, quotes, bullets, table bars, brackets, punctuation. */
const DECORATION_RE = /[*_~`#>|•·\-–—=+\[\]{}<>"'“”‘’「」『』【】〔〕()（）:：.。,，;；!！?？/\\]+/g;
/** Decoration before a marking: quote marks, headings, bullets, emphasis, table bars, brackets. */
const LEADING_DECORATION_RE = /^[\s*_~`#>|•·\-–—=+\[\]{}<>"'“”‘’「」『』【】〔〕()（）]+/;
/** A label that introduces a classification: "Classification: RESTRICTED", "保安級別：限閱文件". */
const LABEL_RE = /^(?:(?:SECURITY\s+)?(?:CLASSIFICATION|GRADING|MARKING)|(?:保安)?(?:級別|分級|密級))\s*[:：]/;
const LINE_BREAK_RE = /\r\n|\r|\n|\u2028|\u2029/;
/** A marking (after decoration and label) is short: longer text starting with a marking word is prose. */
const MAX_MARKING_CHARS = 60;

/** One line made comparable: NFKC, no invisible characters, Latin look-alikes, upper case, single spaces. */
export function normaliseForMarking(line: string): string {
  return line.normalize('NFKC').replace(INVISIBLE_RE, '').replace(CONFUSABLE_RE, (c) => CONFUSABLES[c]).toUpperCase().replace(/\s+/g, ' ').trim();
}

/** The terms to read, longest first (so TOP SECRET wins over SECRET, 機密文件 over 機密), normalised. */
function compileTerms(extra: readonly MarkingTerm[]): MarkingTerm[] {
  const all: MarkingTerm[] = [];
  for (const m of OFFICIAL_MARKINGS) all.push({ text: m.en, level: m.level }, { text: m['zh-HK'], level: m.level });
  all.push(...OLDER_MARKINGS);
  for (const t of extra) all.push({ text: normaliseForMarking(t.text), level: t.level });
  const seen = new Set<string>();
  return all.filter((t) => t.text && !seen.has(t.text) && seen.add(t.text)).sort((a, b) => b.text.length - a.text.length);
}

const DEFAULT_TERMS = compileTerms([]);
const termCache = new WeakMap<readonly MarkingTerm[], MarkingTerm[]>();
function termsFor(extra?: readonly MarkingTerm[]): MarkingTerm[] {
  if (!extra?.length) return DEFAULT_TERMS;
  let t = termCache.get(extra);
  if (!t) termCache.set(extra, (t = compileTerms(extra)));
  return t;
}

const isLatin = (t: string) => /^[A-Z]/.test(t);

export interface LineMarking {
  level: MarkedLevel;
  /** Written in Chinese only (no English marking word on the line). */
  chinese: boolean;
}

/**
 * The level a normalised line marks, or undefined. The line must begin (after decoration and an optional
 * classification label) with a marking word, followed by nothing, by the marking in the other language, or
 * by a separated short qualifier. Anything else after the word ("restricted area", 機密資料) is prose.
 */
function levelOfNormalised(line: string, terms: readonly MarkingTerm[]): LineMarking | undefined {
  let rest = line.replace(LEADING_DECORATION_RE, '');
  if (LABEL_RE.test(rest)) rest = rest.replace(LABEL_RE, '').replace(LEADING_DECORATION_RE, '');
  if (!rest || rest.length > MAX_MARKING_CHARS) return undefined;
  // An English word must end where the term ends: "SECRETARY" is not SECRET.
  const term = terms.find((t) => rest.startsWith(t.text) && !(isLatin(t.text) && /^[A-Z0-9]/.test(rest.slice(t.text.length))));
  if (!term) return undefined;
  const after = rest.slice(term.text.length);
  const qualifier = after.replace(DECORATION_RE, ' ').replace(/\s+/g, ' ').trim();
  let level = term.level;
  let chinese = !isLatin(term.text);
  if (qualifier) {
    const otherLanguage = terms.find((t) => qualifier === t.text);
    const separated = /^\s*[-–—(（:：/／,，]/.test(after);
    if (otherLanguage) {
      if (rankOf(otherLanguage.level) > rankOf(level)) level = otherLanguage.level;
      if (isLatin(otherLanguage.text)) chinese = false;
    } else if (!separated || qualifier.length > 30) return undefined;
  }
  return { level, chinese };
}

/** The marking one line (a paragraph, a heading, a cell) carries, if it is one. */
export function readMarkingLine(line: string, extra?: readonly MarkingTerm[]): LineMarking | undefined {
  return levelOfNormalised(normaliseForMarking(line), termsFor(extra));
}

/**
 * The strictest marking found on any line, table cell, or pair of adjacent short lines ("TOP" / "SECRET") of
 * the text, after normalisation; UNCLASSIFIED when none. Linear in the length of the text.
 */
export function detectMarking(text: string, extra?: readonly MarkingTerm[]): Classification {
  if (!text) return 'UNCLASSIFIED';
  const terms = termsFor(extra);
  // Widened on purpose: `raise` assigns it from a closure, which narrowing does not see.
  let level = 'UNCLASSIFIED' as Classification;
  const raise = (found: LineMarking | undefined) => {
    if (found && rankOf(found.level) > rankOf(level)) level = found.level;
  };
  const lines = text.split(LINE_BREAK_RE);
  // The next non-empty line after each line, found in one backward pass.
  const normalised = lines.map(normaliseForMarking);
  const next: Array<string | undefined> = new Array(lines.length);
  for (let i = lines.length - 1, after: string | undefined; i >= 0; i--) {
    next[i] = after;
    if (normalised[i]) after = normalised[i];
  }
  for (let i = 0; i < normalised.length && level !== 'TOP SECRET'; i++) {
    const line = normalised[i];
    if (!line) continue;
    raise(levelOfNormalised(line, terms));
    if (line.includes('|')) for (const cell of line.split('|')) raise(levelOfNormalised(cell.trim(), terms));
    // A marking broken over two lines: a short line read together with the next non-empty one.
    const following = next[i];
    if (following && line.length <= 20 && following.length <= 40) {
      raise(levelOfNormalised(`${line.replace(DECORATION_RE, ' ').trim()} ${following.replace(LEADING_DECORATION_RE, '')}`, terms));
    }
  }
  return level;
}

/** The strictest marking in any of the texts. */
export function detectMarkingIn(texts: Iterable<string>, extra?: readonly MarkingTerm[]): Classification {
  let level: Classification = 'UNCLASSIFIED';
  for (const t of texts) {
    level = stricterOf(level, detectMarking(t, extra));
    if (level === 'TOP SECRET') break;
  }
  return level;
}

/**
 * Whether a marking line is written exactly as the given marking words spell it: nothing but marking words in
 * either language (separated by spaces or a slash), with an optional qualifier in brackets at the end
 * ("RESTRICTED", "限閱文件 RESTRICTED", "限閱文件（人事）"). The checker offers the canonical form otherwise.
 */
export function isCanonicalMarking(text: string, markings: ReadonlyArray<{ en: string; 'zh-HK': string }>): boolean {
  const core = text.trim().replace(/\s*[（(][^（()）]*[)）]\s*$/, '');
  const words = markings.flatMap((m) => [m.en, m['zh-HK']]).sort((a, b) => b.length - a.length);
  let rest = core;
  let any = false;
  while (rest) {
    const w = words.find((x) => rest.startsWith(x) && !(/^[A-Z]/.test(x) && /^[A-Za-z0-9]/.test(rest.slice(x.length))));
    if (!w) return false;
    any = true;
    rest = rest.slice(w.length).replace(/^[\s/／]+/, '');
  }
  return any;
}

/** Whether a value is one of the five classifications. */
export function isClassificationName(c: unknown): c is Classification {
  return typeof c === 'string' && (CLASSIFICATIONS as readonly string[]).includes(c);
}
