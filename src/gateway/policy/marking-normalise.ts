/**
 * Fail-closed reading of security-classification markings for the gateway's gate. The checker's reader
 * (core/checks/rule-types/classification.ts) wants a marking written exactly as the Security Regulations
 * print it, which is right for telling an officer to fix a marking, but a gate must not be fooled by a
 * marking written loosely or disguised: lower case, full-width letters, a zero-width character or a Cyrillic
 * "С" inside the word, Markdown emphasis, a quoted email line ("> RESTRICTED"), a table cell, a trailing
 * full stop or qualifier ("RESTRICTED - STAFF"), a "Classification:" label, or "TOP" and "SECRET" on two lines.
 *
 * A marking still has to stand on its own (a whole line, table cell or heading, or after a classification
 * label): "restricted area" in a sentence is prose, not a marking.
 *
 * Chinese terms: the Government's 絕對機密 (TOP SECRET), 高度機密 (SECRET), 機密 (CONFIDENTIAL) and
 * 限閱文件 (RESTRICTED), with the short and older forms also met in documents (絕密, 秘密, 機密文件, 限閱)
 * kept as detected markings; 絕密/機密/秘密 are also the Mainland's three grades, read here at the
 * stricter HK meaning where they differ (秘密 as SECRET).
 */
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';

/** Marking words after normalisation (upper case, single spaces), longest first so TOP SECRET wins over SECRET. */
const TERMS: ReadonlyArray<readonly [string, Classification]> = [
  ['TOP SECRET', 'TOP SECRET'],
  ['絕對機密', 'TOP SECRET'],
  ['高度機密', 'SECRET'],
  ['機密文件', 'CONFIDENTIAL'],
  ['限閱文件', 'RESTRICTED'],
  ['CONFIDENTIAL', 'CONFIDENTIAL'],
  ['RESTRICTED', 'RESTRICTED'],
  ['SECRET', 'SECRET'],
  ['絕密', 'TOP SECRET'],
  ['秘密', 'SECRET'],
  ['機密', 'CONFIDENTIAL'],
  ['限閱', 'RESTRICTED'],
];

/** Latin look-alikes from Cyrillic and Greek that spell the marking words. */
const CONFUSABLES: Record<string, string> = {
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', І: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', Т: 'T', Х: 'X', У: 'Y',
  а: 'a', с: 'c', е: 'e', і: 'i', ј: 'j', о: 'o', р: 'p', ѕ: 's', т: 't', х: 'x', у: 'y', к: 'k', м: 'm', н: 'h', в: 'b',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z',
  ο: 'o', ε: 'e', τ: 't', ρ: 'p', ι: 'i', κ: 'k', ν: 'v',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');
/** Zero-width and other invisible format characters (soft hyphen, joiners, bidi marks, BOM). */
const INVISIBLE_RE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
/** Decoration around a marking: Markdown emphasis, headings, quotes, bullets, table bars, brackets, stray punctuation. */
const DECORATION_RE = /[*_~`#>|•·\-–—=+\[\]{}<>"'“”‘’「」『』【】〔〕()（）:：.。,，;；!！?？/\\]+/g;
/** A label that introduces a classification: "Classification: RESTRICTED", "保安級別：限閱文件". */
/** Decoration before a marking: quote marks, headings, bullets, emphasis, table bars, brackets. */
const LEADING_DECORATION_RE = /^[\s*_~`#>|•·\-–—=+\[\]{}<>"'“”‘’「」『』【】〔〕()（）]+/;
const LABEL_RE = /^(?:(?:SECURITY\s+)?(?:CLASSIFICATION|GRADING|MARKING)|(?:保安)?(?:級別|分級|密級))\s*[:：]/;

/** Normalises one line for matching: NFKC, no invisible characters, Latin look-alikes, upper case, single spaces. */
export function normaliseForMarking(line: string): string {
  return line.normalize('NFKC').replace(INVISIBLE_RE, '').replace(CONFUSABLE_RE, (c) => CONFUSABLES[c]).toUpperCase().replace(/\s+/g, ' ').trim();
}

/**
 * The level a normalised line marks, or undefined. The line must begin (after decoration and an optional
 * classification label) with a marking word, followed by nothing, by the marking in the other language
 * ("限閱文件 RESTRICTED"), or by a separated short qualifier ("RESTRICTED - STAFF", "限閱文件（人事）").
 * Anything else after the word ("restricted area", 機密資料) is prose.
 */
function levelOfLine(line: string): Classification | undefined {
  let rest = line.replace(LEADING_DECORATION_RE, '');
  if (LABEL_RE.test(rest)) rest = rest.replace(LABEL_RE, '').replace(LEADING_DECORATION_RE, '');
  if (!rest || rest.length > 60) return undefined;
  const term = TERMS.find(([t]) => rest.startsWith(t) && !(/^[A-Z]/.test(t) && /^[A-Z0-9]/.test(rest.slice(t.length))));
  if (!term) return undefined;
  const after = rest.slice(term[0].length);
  const qualifier = after.replace(DECORATION_RE, ' ').replace(/\s+/g, ' ').trim();
  let level = term[1];
  if (qualifier) {
    const otherLanguage = TERMS.find(([t]) => qualifier === t);
    const separated = /^\s*[-–—(（:：/／,，]/.test(after);
    if (otherLanguage) level = rank(otherLanguage[1]) > rank(level) ? otherLanguage[1] : level;
    else if (!separated || qualifier.length > 30) return undefined;
  }
  return level;
}

const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

/**
 * The strictest marking found on any line, table cell, or pair of adjacent short lines ("TOP" / "SECRET") of
 * the text, after normalisation; UNCLASSIFIED when none.
 */
export function detectNormalisedMarking(text: string): Classification {
  let level: Classification = 'UNCLASSIFIED';
  const raise = (l: Classification | undefined) => {
    if (l && rank(l) > rank(level)) level = l;
  };
  const lines = text.split(/\r\n|\r|\n|\u2028|\u2029/).map(normaliseForMarking);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    raise(levelOfLine(line));
    if (line.includes('|')) for (const cell of line.split('|')) raise(levelOfLine(cell));
    // A marking broken over two lines: read each short line together with the next non-empty one.
    const next = lines.slice(i + 1).find((l) => l);
    if (next && line.length <= 20 && next.length <= 40) raise(levelOfLine(`${line.replace(DECORATION_RE, ' ').trim()} ${next.replace(LEADING_DECORATION_RE, '')}`));
  }
  return level;
}
