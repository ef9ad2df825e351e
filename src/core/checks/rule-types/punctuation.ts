import type { z } from 'zod';
import { isCjkContext, isHan } from '../../text/script';
import { formatMessage } from '../message';
import type { PunctuationRule } from '../spec';
import type { CompiledRule, Emit } from '../types';
import type { Block } from '../../text/document';

type Spec = z.infer<typeof PunctuationRule>;

const code = (s: string | undefined) => (s === undefined ? -1 : s.charCodeAt(0));
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAsciiAlnum = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Whether a half-width mark at `i` sits in Chinese text. Each mark has its own test, because a full stop
 * in "3.5" or a colon in "10:30" is right even inside a Chinese sentence.
 */
function inChineseContext(text: string, i: number): boolean {
  const mark = text[i];
  const prev = code(text[i - 1]);
  const next = code(text[i + 1]);
  switch (mark) {
    case '.':
      // A sentence-final full stop after a Han character; never inside numbers, "..." or abbreviations.
      return isHan(prev) && (next === -1 || next === 0x20 || isHan(next) || isCjkContext(next)) && text[i + 1] !== '.';
    case ':':
      // A label's colon follows a word, whatever comes next (電話:2868 0000); a time's colon follows a digit (10:30).
      return isHan(prev) || prev === 0xff09 || prev === 0x300d;
    // Brackets around Chinese, or opened straight after a Han character; not an English reference such as
    // "本署檔號：(12) in FEHD HQ/1234", which keeps its own half-width brackets.
    case '(':
      if (isItemReference(text, i)) return false;
      return isHan(next) || (isHan(prev) && !isAsciiAlnum(next)) || (isHan(prev) && /[A-Za-z]/.test(text[i + 1] ?? ''));
    case ')':
      if (closesItemReference(text, i)) return false;
      return isHan(prev) || (isHan(next) && !isAsciiAlnum(prev) && prev !== 0x2e);
    default:
      return isCjkContext(prev) || (isHan(next) && !isAsciiAlnum(prev));
  }
}

/** An item reference such as 第(a)項, 第(iv)段, 第(12)條: brackets round a lower-case letter, roman or arabic number. */
const ITEM = /^\((?:[a-z]|[ivxl]{1,5}|\d{1,3})\)/;
function isItemReference(text: string, i: number): boolean {
  return ITEM.test(text.slice(i, i + 8));
}
function closesItemReference(text: string, i: number): boolean {
  const open = text.lastIndexOf('(', i);
  return open >= 0 && i - open <= 6 && isItemReference(text, open) && text.indexOf(')', open) === i;
}

/**
 * Offsets of ASCII commas that separate items of a list of Chinese words: both commas round a short middle item
 * (1-4 Han characters between two separators: 油麻地,旺角,深水埗). A clause comma has no such short item between two.
 */
function listCommas(text: string): Set<number> {
  const out = new Set<number>();
  const re = /[,、](\p{Script=Han}{1,4})(?=[,、])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const left = m.index;
    const right = m.index + 1 + m[1].length;
    if (text[left] === ',') out.add(left);
    if (text[right] === ',') out.add(right);
    re.lastIndex = right;
  }
  return out;
}

/** Pairs of ASCII double quotes whose content holds Chinese: offsets of the opening and closing mark. */
function chineseQuotePairs(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    if (open < 0) open = i;
    else {
      if (/\p{Script=Han}/u.test(text.slice(open + 1, i))) out.push([open, i]);
      open = -1;
    }
  }
  return out;
}

function emitMark(emit: Emit, block: Block, spec: Spec, start: number, found: string, replacement: string) {
  emit({ block: block.id, start, end: start + found.length, text: found, message: formatMessage(spec.message, [replacement, found]), fixes: [{ replacement }] });
}

/** Half-width punctuation and Western quotation marks in Chinese text. */
export function compilePunctuation(id: string, spec: Spec): CompiledRule {
  const halfwidth = new Map(Object.entries(spec.halfwidth));
  const quotes = new Map(Object.entries(spec.quotes));
  return {
    id,
    level: spec.level,
    checkBlock(block, emit) {
      const text = block.text;
      const lists = spec.listComma && text.includes(',') ? listCommas(text) : undefined;
      if (spec.asciiQuotes && text.includes('"')) {
        for (const [open, close] of chineseQuotePairs(text)) {
          emitMark(emit, block, spec, open, '"', spec.asciiQuotes.open);
          emitMark(emit, block, spec, close, '"', spec.asciiQuotes.close);
        }
      }
      // A closing bracket follows its opening one: "署(FEHD)" becomes "署（FEHD）", not "署（FEHD)".
      let openFlagged = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (lists?.has(i)) {
          // Most likely a list (、), but a short clause between commas reads the same: both are offered.
          const options = [spec.listComma!, halfwidth.get(ch) ?? '，'];
          emit({ block: block.id, start: i, end: i + 1, text: ch, message: formatMessage(spec.message, [options.join('」或「'), ch], [options.join("' or '"), ch]), fixes: options.map((replacement) => ({ replacement })) });
          continue;
        }
        const full = halfwidth.get(ch);
        if (full !== undefined) {
          const flagged: boolean = inChineseContext(text, i) || (ch === ')' && openFlagged);
          if (ch === '(') openFlagged = flagged;
          if (ch === ')') openFlagged = false;
          if (flagged) emitMark(emit, block, spec, i, ch, full);
        }
        const quote = quotes.get(ch);
        if (quote !== undefined && (isCjkContext(code(text[i - 1])) || isCjkContext(code(text[i + 1])))) {
          emitMark(emit, block, spec, i, ch, quote);
        }
      }
    },
  };
}
