/**
 * Offline formalise and polish: the house rules' own fixes, applied deterministically.
 *
 * formalise: colloquial Cantonese → Hong Kong formal written Chinese by the hk-zh-formal substitutions,
 * Simplified → HK Traditional (hk-zh-characters), full-width punctuation (hk-zh-punctuation); Cantonese particles
 * removed where they end a clause; emoji removed; the spaces of a chat message between Chinese words made commas
 * and a full stop put at the end of a sentence that has none.
 *
 * polishOffline: the house-style fixes for the language (Chinese: the above plus official names; English:
 * hk-en-style plus official names and British date order), labelled partial: rewording needs a model.
 */
import type { Finding } from '../checks/types';
import { cantoneseFeatures } from '../checks/context/cantonese';
import { isHan } from '../text/script';
import { applyHouseFixes, type Change } from './house-fixes';
import type { Lang, Note, TransformResult } from './types';

const ZH_SETS = ['hk-zh-formal', 'hk-zh-characters', 'hk-zh-punctuation'];
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*/gu;
const HAN = '\\p{Script=Han}';

interface Tidy {
  text: string;
  emoji: number;
  commas: number;
  stops: number;
}

/** Chat-message tidying before the rules run: emoji out, spaces between Chinese words become commas. */
function tidyBefore(text: string, chat = true): Tidy {
  let emoji = 0;
  let commas = 0;
  let out = text.replace(EMOJI, () => {
    emoji++;
    return '';
  });
  if (chat) {
    out = out.replace(new RegExp(`(${HAN})[ \\t\\u3000]+(?=${HAN})`, 'gu'), (_m, han: string) => {
      commas++;
      return `${han}，`;
    });
  }
  // Lines that were only emoji keep no trailing spaces.
  out = out.replace(/[ \t]+$/gm, (s) => (emoji ? '' : s));
  return { text: out, emoji, commas, stops: 0 };
}

/** After the rules: repeated marks collapsed, a comma before a full stop dropped, a full stop at the end of a sentence. */
function tidyAfter(text: string, t: Tidy, fullStops = true): string {
  const lines = text.split(/(\r?\n)/);
  for (let i = 0; i < lines.length; i += 2) {
    let line = lines[i];
    line = line
      .replace(/([，、；])\1+/g, '$1')
      .replace(/([。！？])\1+/g, '$1')
      .replace(/[，、]+([。！？；：])/g, '$1')
      .replace(/([。！？；：，])[，、]+/g, '$1')
      .replace(/^([ \t]*)[，、]+/, '$1')
      .replace(/([^ \t])[ \t]+$/, '$1');
    const body = line.trimEnd();
    const last = body.charCodeAt(body.length - 1);
    const hanCount = [...body].filter((ch) => isHan(ch.codePointAt(0)!)).length;
    if (fullStops && body && (isHan(last) || body.endsWith('，')) && hanCount >= 6 && !/[：:]/.test(body) && !/^\s*#/.test(body)) {
      line = `${body.replace(/，$/, '')}。`;
      t.stops++;
    }
    lines[i] = line;
  }
  return lines.join('');
}

function examples(changes: readonly Change[], max = 6): string[] {
  const seen = new Set<string>();
  for (const c of changes) {
    const pair = c.to ? `${c.from}→${c.to}` : c.from;
    if (!seen.has(pair)) seen.add(pair);
    if (seen.size >= max) break;
  }
  return [...seen];
}

function zhNotes(changes: readonly Change[], tidy: Tidy, remaining: readonly Finding[]): Note[] {
  const notes: Note[] = [];
  const words = changes.filter((c) => c.ruleId === 'hk-zh-formal/colloquial-words' || c.ruleId === 'hk-zh-formal/classical-xi');
  const particles = changes.filter((c) => c.ruleId === 'hk-zh-formal/particles' || c.ruleId === 'hk-zh-formal/shared-particles');
  const chars = changes.filter((c) => c.ruleId.startsWith('hk-zh-characters/'));
  const punct = changes.filter((c) => c.ruleId.startsWith('hk-zh-punctuation/'));
  const names = changes.filter((c) => c.ruleId.startsWith('hk-gov-names/'));
  if (words.length) {
    const ex = examples(words).join('、');
    notes.push({ 'zh-HK': `已把${words.length}處粵語口語改為書面語（${ex}）。`, en: `Replaced ${words.length} colloquial Cantonese expression${words.length === 1 ? '' : 's'} with written Chinese (${ex}).` });
  }
  if (particles.length) {
    const ex = [...new Set(particles.map((c) => c.from))].join('、');
    notes.push({ 'zh-HK': `已刪去${particles.length}個句末粵語助詞（${ex}）。`, en: `Removed ${particles.length} Cantonese sentence particle${particles.length === 1 ? '' : 's'} (${ex}).` });
  }
  if (chars.length) {
    const ex = examples(chars).join('、');
    notes.push({ 'zh-HK': `已把${chars.length}個簡體字或異體字改為香港政府用字（${ex}）。`, en: `Changed ${chars.length} Simplified or variant character${chars.length === 1 ? '' : 's'} to the HK Government forms (${ex}).` });
  }
  if (punct.length) notes.push({ 'zh-HK': `已把${punct.length}個標點改為全形中文標點。`, en: `Changed ${punct.length} punctuation mark${punct.length === 1 ? '' : 's'} to full-width Chinese punctuation.` });
  if (names.length) {
    const ex = examples(names).join('、');
    notes.push({ 'zh-HK': `已更正${names.length}個機構名稱（${ex}）。`, en: `Corrected ${names.length} official name${names.length === 1 ? '' : 's'} (${ex}).` });
  }
  if (tidy.emoji) notes.push({ 'zh-HK': `已刪去${tidy.emoji}個表情符號。`, en: `Removed ${tidy.emoji} emoji.` });
  if (tidy.commas || tidy.stops) {
    notes.push({
      'zh-HK': `已按句意補上標點（${tidy.commas}個逗號、${tidy.stops}個句號）。`,
      en: `Added punctuation where the notes had none (${tidy.commas} comma${tidy.commas === 1 ? '' : 's'}, ${tidy.stops} full stop${tidy.stops === 1 ? '' : 's'}).`,
    });
  }
  const choices = new Map<string, Change>();
  for (const c of words) if (c.alternatives.length && !choices.has(c.from)) choices.set(c.from, c);
  if (choices.size) {
    const list = [...choices.values()].slice(0, 6);
    notes.push({
      'zh-HK': `以下字詞有多於一個寫法，請按文意核對：${list.map((c) => `「${c.from}」寫作「${c.to || '（刪去）'}」（亦可作${c.alternatives.map((a) => `「${a}」`).join('或')}）`).join('；')}。`,
      en: `Check these choices against the meaning: ${list.map((c) => `${c.from} became ${c.to || '(removed)'} (or ${c.alternatives.join(' or ')})`).join('; ')}.`,
    });
  }
  const left = remaining.filter((f) => f.ruleId.startsWith('hk-zh-formal/'));
  if (left.length) {
    const ex = [...new Set(left.map((f) => f.text))].slice(0, 6).join('、');
    notes.push({ 'zh-HK': `仍有${left.length}處口語須以人手改寫（${ex}）。`, en: `${left.length} colloquial expression${left.length === 1 ? '' : 's'} still need rewording by hand (${ex}).` });
  }
  return notes;
}

/**
 * Cantonese features the output still has, by the Cantonese detector (checks/context/cantonese.ts), which is
 * independent of the dictionary formalise applies: what the rules could not rewrite is named, not hidden.
 */
function leftFeatures(text: string): string[] {
  return [...new Set(cantoneseFeatures(text).map((f) => f.text))];
}

export interface FormaliseOptions {
  /** Put a full stop at the end of a sentence that has none (default true); off for names and headings. */
  fullStops?: boolean;
}

/** Colloquial Cantonese → HK formal written Chinese, offline. */
export function formalise(text: string, options: FormaliseOptions = {}): TransformResult {
  if (![...text].some((ch) => isHan(ch.codePointAt(0)!))) {
    return {
      action: 'formalise',
      text,
      partial: true,
      changes: 0,
      notes: [{ 'zh-HK': '文本沒有中文，未有改動。', en: 'The text has no Chinese to formalise; it is unchanged.' }],
    };
  }
  const tidy = tidyBefore(text);
  const fixed = applyHouseFixes(tidy.text, { ruleSets: ZH_SETS, lang: 'zh-HK', removeParticles: true });
  const out = tidyAfter(fixed.text, tidy, options.fullStops !== false);
  const remaining = fixed.remaining.filter((f) => f.ruleId.startsWith('hk-zh-formal/'));
  const notes = zhNotes(fixed.changes, tidy, remaining);
  const changes = fixed.changes.length + tidy.emoji + tidy.commas + tidy.stops;
  const features = leftFeatures(out);
  if (features.length) {
    const ex = features.slice(0, 8).join('、');
    notes.push({
      'zh-HK': `文本仍有粵語特徵（${ex}），須以人手改寫為書面語。`,
      en: `Cantonese features remain (${ex}) and need rewriting in written Chinese by hand.`,
    });
  }
  if (!changes && !features.length) notes.push({ 'zh-HK': '沒有發現粵語口語、簡體字或半形標點，文本未有改動。', en: 'No colloquial Cantonese, Simplified characters or half-width punctuation found; the text is unchanged.' });
  return { action: 'formalise', text: out, partial: remaining.length > 0 || features.length > 0, changes, notes, ...(features.length ? { remainingFeatures: features } : {}) };
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';

/** "November 28, 2026" → "28 November 2026"; "28th November" → "28 November". Press-release datelines are left alone. */
function britishDates(text: string): { text: string; count: number } {
  let count = 0;
  let out = text.replace(new RegExp(`(?<!\\(|Ends/[A-Za-z]+, )\\b(${MONTHS}) (\\d{1,2})(?:st|nd|rd|th)?, (\\d{4})\\b`, 'g'), (_m, month: string, day: string, year: string) => {
    count++;
    return `${day} ${month} ${year}`;
  });
  out = out.replace(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th) (?:of )?(${MONTHS})\\b`, 'g'), (_m, day: string, month: string) => {
    count++;
    return `${day} ${month}`;
  });
  return { text: out, count };
}

/** An outdated name with several successors (食物及衞生局 → 醫務衞生局 or 環境及生態局) is not guessed. */
const ambiguousName = (f: Finding) => f.ruleId.startsWith('hk-gov-names/') && f.fixes.length > 1;

/** The house-style fixes for the language, offline; partial, since rewording for register needs a model. */
export function polishOffline(text: string, lang: Lang): TransformResult {
  const notes: Note[] = [];
  let out: string;
  let count = 0;
  let remaining: Finding[];
  if (lang === 'zh-HK') {
    // A paper being polished keeps its own layout: no commas for spaces, no full stops added to headings.
    const tidy = tidyBefore(text, false);
    const fixed = applyHouseFixes(tidy.text, { ruleSets: [...ZH_SETS, 'hk-gov-names'], lang, removeParticles: true, skip: ambiguousName });
    out = tidyAfter(fixed.text, tidy, false);
    remaining = fixed.remaining;
    notes.push(...zhNotes(fixed.changes, tidy, remaining));
    count = fixed.changes.length + tidy.emoji + tidy.commas + tidy.stops;
  } else {
    const fixed = applyHouseFixes(text, { ruleSets: ['hk-en-style', 'hk-gov-names'], lang, skip: ambiguousName });
    const dates = britishDates(fixed.text);
    out = dates.text;
    remaining = fixed.remaining;
    const spelling = fixed.changes.filter((c) => c.ruleId.startsWith('hk-en-style/british-spelling'));
    const titles = fixed.changes.filter((c) => c.ruleId === 'hk-en-style/titles');
    const names = fixed.changes.filter((c) => c.ruleId.startsWith('hk-gov-names/'));
    const other = fixed.changes.length - spelling.length - titles.length - names.length;
    if (spelling.length) notes.push({ 'zh-HK': `已把${spelling.length}處美式拼寫改為英式（${examples(spelling).join('、')}）。`, en: `Changed ${spelling.length} American spelling${spelling.length === 1 ? '' : 's'} to British (${examples(spelling).join(', ')}).` });
    if (titles.length) notes.push({ 'zh-HK': `已刪去${titles.length}個稱謂後的句點（${examples(titles).join('、')}）。`, en: `Removed the full stop from ${titles.length} courtesy title${titles.length === 1 ? '' : 's'} (${examples(titles).join(', ')}).` });
    if (names.length) notes.push({ 'zh-HK': `已更正${names.length}個機構名稱（${examples(names).join('、')}）。`, en: `Corrected ${names.length} official name${names.length === 1 ? '' : 's'} (${examples(names).join(', ')}).` });
    if (dates.count) notes.push({ 'zh-HK': `已把${dates.count}個日期改為英式寫法（28 November 2026）。`, en: `Rewrote ${dates.count} date${dates.count === 1 ? '' : 's'} in the British order (28 November 2026).` });
    if (other > 0) notes.push({ 'zh-HK': `另作${other}項文體修正。`, en: `Made ${other} other house-style fix${other === 1 ? '' : 'es'}.` });
    count = fixed.changes.length + dates.count;
  }
  const guesses = remaining.filter(ambiguousName);
  if (guesses.length) {
    const list = guesses.map((f) => `${f.text} → ${f.fixes.map((x) => x.replacement).join(' / ')}`);
    notes.push({ 'zh-HK': `以下舊名稱的職務已分拆，請選擇正確的現稱：${list.join('；')}。`, en: `These outdated names now belong to more than one body; choose the right one: ${list.join('; ')}.` });
  }
  if (!count) notes.push({ 'zh-HK': '按文體規則沒有須修正之處，文本未有改動。', en: 'The house-style rules found nothing to fix; the text is unchanged.' });
  notes.push({
    'zh-HK': '離線潤飾只作文體規則的修正（用字、標點、拼寫、機構名稱）；改寫語氣及措辭須使用語言模型。',
    en: 'Offline polish makes only the house-style fixes (wording, characters, punctuation, spelling, official names); rewriting for register needs a language model.',
  });
  return { action: 'polish', text: out, partial: true, changes: count, notes };
}
