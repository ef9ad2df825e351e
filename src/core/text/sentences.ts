import { isHan } from './script';

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const ZH_END = new Set(['。', '！', '？', '；']);
const EN_END = new Set(['.', '!', '?']);
const CLOSERS = new Set(['」', '』', '）', ')', '"', '”', '’', "'"]);
/** Abbreviations whose full stop does not end an English sentence. */
const EN_ABBREVIATIONS = /(?:\b(?:Cap|No|Nos|para|paras|Encl|Ref|e\.g|i\.e|etc|cf|vs|Vol|Art|Sch|Mr|Ms|Mrs|Dr|Prof|St|Co|Ltd|Inc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])$/;

/**
 * Splits a block into sentences: at Chinese full stops always, at English ones when followed by a space and
 * not part of a number or a known abbreviation. Closing quotes and brackets stay with their sentence.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) out.push({ start: start + lead, end: start + lead + body.length, text: body });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    let endsHere = false;
    if (ZH_END.has(ch)) endsHere = true;
    else if (EN_END.has(ch)) {
      const next = text[i + 1];
      const atEnd = next === undefined || next === ' ' || next === '\t' || CLOSERS.has(next) || isHan(next.charCodeAt(0));
      const numberDot = ch === '.' && /\d/.test(text[i - 1] ?? '') && /\d/.test(next ?? '');
      endsHere = atEnd && !numberDot && !(ch === '.' && EN_ABBREVIATIONS.test(text.slice(Math.max(0, i - 8), i)));
    }
    if (!endsHere) continue;
    let end = i + 1;
    while (end < text.length && (CLOSERS.has(text[end]) || ZH_END.has(text[end]) || EN_END.has(text[end]))) end++;
    push(end);
    i = end - 1;
  }
  push(text.length);
  return out;
}

/** Units for length rules: Han characters count one each, Latin words and numbers one each. */
export function countUnits(text: string, unit: 'chars' | 'words'): number {
  if (unit === 'words') return (text.match(/[A-Za-z0-9][A-Za-z0-9'’-]*/g) ?? []).length;
  let n = 0;
  for (const ch of text) if (isHan(ch.codePointAt(0)!)) n++;
  return n;
}
