/**
 * Simplified -> Hong Kong Traditional, by phrase, in the forms the Government writes.
 *
 * OpenCC's phrase tables (opencc-js, cn -> t) decide the one-to-many characters from their context (头发 -> 頭髮,
 * 发现 -> 發現, 以后 -> 以後 but 皇后 stays, 这里 -> 這裏, 干部 -> 幹部, 干净 -> 乾淨, 干扰 -> 干擾, 一只 -> 一隻,
 * 台风 -> 颱風, 复印 -> 複印, 回复 -> 回覆), never a character's first choice.
 * Two guards keep correct Traditional text as it is:
 * - only a paragraph that holds at least one character that exists only in Simplified (the hk-zh-characters
 *   rule set's `simplified` list) is converted at all, so a Traditional paragraph is never run through OpenCC;
 * - OpenCC's standard forms that the HK Government does not use are turned back (公布 not 公佈, 了解 not 瞭解,
 *   群 not 羣, 鰂魚涌 not 鰂魚湧, 台 not 臺, 秘 not 祕); the Government's own forms (衞, 裏, 甚麼, 稅, 着 …) then
 *   come from the hk-zh-characters `hk-forms` rule, applied by the normaliser with the other house fixes.
 * (H-language's phrase-level converter for the checker had not landed when this was written; this module is
 * the drafting path's own and small on purpose.)
 */
import * as OpenCC from 'opencc-js';
import { builtinRuleSets } from '../checks';

export interface Conversion {
  text: string;
  /** Each changed run, in order: what the model wrote and what it became. */
  changes: Array<{ from: string; to: string }>;
}

/** OpenCC standard Traditional -> the HK Government's form, where the two differ and the HK form is also correct. */
const KEEP_HK: Record<string, string> = { 佈: '布', 瞭: '了', 羣: '群', 湧: '涌', 臺: '台', 祕: '秘' };

let convert: ((text: string) => string) | undefined;
let simplifiedOnly: Set<string> | undefined;

/** Characters that never occur in correct Traditional text (the checker's own list). */
export function simplifiedCharacters(): ReadonlySet<string> {
  if (!simplifiedOnly) {
    const rule = builtinRuleSets().get('hk-zh-characters')?.rules.simplified as { map?: Record<string, unknown>; exceptions?: string[] } | undefined;
    simplifiedOnly = new Set(Object.keys(rule?.map ?? {}));
  }
  return simplifiedOnly;
}

export function hasSimplified(text: string): boolean {
  const set = simplifiedCharacters();
  for (const ch of text) if (set.has(ch)) return true;
  return false;
}

/** Converts each paragraph that is (partly) Simplified; other paragraphs are returned untouched. */
export function toHongKongTraditional(text: string): Conversion {
  const changes: Conversion['changes'] = [];
  const out = text
    .split(/(\n\s*\n)/)
    .map((para) => (hasSimplified(para) ? convertParagraph(para, changes) : para))
    .join('');
  return { text: out, changes };
}

function convertParagraph(para: string, changes: Conversion['changes']): string {
  convert ??= OpenCC.Converter({ from: 'cn', to: 't' });
  const raw = convert(para);
  const src = Array.from(para);
  const dst = Array.from(raw);
  if (src.length !== dst.length) {
    // OpenCC's cn -> t tables map character for character; should a phrase ever change length, report it whole.
    changes.push({ from: para, to: raw });
    return raw;
  }
  let out = '';
  let runStart = -1;
  const flush = (end: number) => {
    // Reported with one character of context either side, so "后" reads as the "以后" it was.
    const from = Math.max(0, runStart - 1);
    const to = Math.min(src.length, end + 1);
    changes.push({ from: src.slice(from, to).join(''), to: fixed.slice(from, to).join('') });
    runStart = -1;
  };
  // The converted characters so far (the context after a run is set before the run is flushed).
  const fixed: string[] = [];
  for (let i = 0; i < src.length; i++) {
    let ch = dst[i];
    if (ch !== src[i] && KEEP_HK[ch] === src[i]) ch = src[i];
    fixed[i] = ch;
    if (ch !== src[i]) {
      if (runStart === -1) runStart = i;
    } else if (runStart !== -1) flush(i);
    out += ch;
  }
  if (runStart !== -1) flush(src.length);
  return out;
}
