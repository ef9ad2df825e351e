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
      return isHan(prev) && !isDigit(next);
    // Brackets around Chinese, or opened straight after a Han character; not an English reference such as
    // "本署檔號：(12) in FEHD HQ/1234", which keeps its own half-width brackets.
    case '(':
      return isHan(next) || (isHan(prev) && !isAsciiAlnum(next)) || (isHan(prev) && /[A-Za-z]/.test(text[i + 1] ?? ''));
    case ')':
      return isHan(prev) || (isHan(next) && !isAsciiAlnum(prev) && prev !== 0x2e);
    default:
      return isCjkContext(prev) || (isHan(next) && !isAsciiAlnum(prev));
  }
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
      // A closing bracket follows its opening one: "署(FEHD)" becomes "署（FEHD）", not "署（FEHD)".
      let openFlagged = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
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
