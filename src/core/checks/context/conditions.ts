/**
 * Context conditions of literal rules, compiled once per rule: whether a hit counts where it stands
 * (not-preceded-by / not-followed-by, particle position, whole word) and at which level it is reported
 * (inside a quotation, in a Cantonese sentence, in a formal document).
 */
import type { Block } from '../../text/document';
import { splitSentences, type Sentence } from '../../text/sentences';
import { isHan, isLatinWordChar } from '../../text/script';
import type { ContextCondition, EscalateSchema } from '../spec';
import type { DocumentState, Level, LiteralHit } from '../types';
import { judge } from './cantonese';
import { inside, quotationSpans, type Span } from './quotes';
import { isWholeWord, vocabulary, type Vocabulary } from './words';
import type { z } from 'zod';

export interface ContextSpec extends ContextCondition {
  contexts?: Record<string, ContextCondition>;
  quoted?: Level;
  escalate?: z.infer<typeof EscalateSchema>;
}

export interface LiteralContext {
  /** Whether the hit counts in its context. */
  accept(hit: LiteralHit, block: Block, state: DocumentState): boolean;
  /** The level to report the hit at. */
  level(hit: { start: number; end: number }, block: Block, state: DocumentState, base: Level): Level;
}

type CharTest = (ch: string) => boolean;

/** "不未" -> one of those characters; "[...]" -> a regular-expression class. */
export function charClass(source: string, ruleId: string): CharTest {
  if (source.length > 2 && source.startsWith('[') && source.endsWith(']')) {
    let re: RegExp;
    try {
      re = new RegExp(`^${source}$`, 'u');
    } catch (err) {
      throw new Error(`${ruleId}: invalid character class ${source}: ${(err as Error).message}`);
    }
    return (ch) => re.test(ch);
  }
  const set = new Set(Array.from(source));
  return (ch) => set.has(ch);
}

/** The code point before / at an offset (surrogate pairs kept whole). */
function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  const low = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? text.slice(i - 2, i) : text[i - 1];
}
function charAt(text: string, i: number): string {
  if (i >= text.length) return '';
  return String.fromCodePoint(text.codePointAt(i)!);
}

/** A word character: Han, Latin letters and digits (also full-width ones). Anything else ends a clause. */
function isWordChar(ch: string): boolean {
  if (!ch) return false;
  const c = ch.codePointAt(0)!;
  return isHan(c) || isLatinWordChar(c) || (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}

interface Compiled {
  precededBy?: CharTest;
  notPrecededBy?: CharTest;
  notFollowedBy?: CharTest;
  after?: readonly string[];
  before?: readonly string[];
  particle: boolean;
  /** Whole words only: for every token, or for the tokens a regular expression picks. */
  word: boolean | RegExp;
}

function compileOne(c: ContextCondition, ruleId: string, base?: Compiled): Compiled {
  return {
    precededBy: c.precededBy ? charClass(c.precededBy, ruleId) : base?.precededBy,
    notPrecededBy: c.notPrecededBy ? charClass(c.notPrecededBy, ruleId) : base?.notPrecededBy,
    notFollowedBy: c.notFollowedBy ? charClass(c.notFollowedBy, ruleId) : base?.notFollowedBy,
    after: c.after ?? (c.before ? undefined : base?.after),
    before: c.before ?? (c.after ? undefined : base?.before),
    particle: c.position ? c.position === 'particle' : (base?.particle ?? false),
    word: typeof c.word === 'string' ? compileSelector(c.word, ruleId) : (c.word ?? base?.word ?? false),
  };
}

function compileSelector(source: string, ruleId: string): RegExp {
  try {
    return new RegExp(source, 'u');
  } catch (err) {
    throw new Error(`${ruleId}: invalid word selector /${source}/: ${(err as Error).message}`);
  }
}

interface BlockContext {
  quotes: Span[];
  sentences?: Array<Sentence & { cantonese: boolean }>;
}

/** Per-block analysis shared by every rule: quotation spans now, sentence registers on first need. */
export function blockContext(block: Block, state: DocumentState): BlockContext {
  let ctx = state.blocks.get(block.id) as BlockContext | undefined;
  if (!ctx) {
    ctx = { quotes: quotationSpans(block.text) };
    state.blocks.set(block.id, ctx);
  }
  return ctx;
}

function sentenceIsCantonese(block: Block, state: DocumentState, at: number): boolean {
  const ctx = blockContext(block, state);
  ctx.sentences ??= splitSentences(block.text).map((s) => ({ ...s, cantonese: judge(s.text).cantonese.length > 0 }));
  const s = ctx.sentences.find((x) => x.start <= at && at < x.end);
  return s?.cantonese ?? false;
}

/** Formal narrative: the document is a template kind (letter, memo, circular ...), not a message read from Outlook. */
function formalDocument(state: DocumentState): boolean {
  const kind = state.context.documentKind;
  return kind !== undefined && kind !== 'email';
}

export function compileContext(spec: ContextSpec, ruleId: string, tokens: readonly string[]): LiteralContext | undefined {
  const rule = compileOne(spec, ruleId);
  const perToken = new Map(Object.entries(spec.contexts ?? {}).map(([t, c]) => [t, compileOne(c, ruleId, rule)]));
  for (const t of perToken.keys()) {
    if (!tokens.includes(t)) throw new Error(`${ruleId}: contexts names "${t}", which is not one of the rule's tokens`);
  }
  const conditional = rule.precededBy || rule.notPrecededBy || rule.notFollowedBy || rule.after || rule.before || rule.particle || rule.word || perToken.size > 0;
  if (!conditional && !spec.quoted && !spec.escalate) return undefined;
  const tokenSet = new Set(tokens);
  let vocab: Vocabulary | undefined;

  const accept = (hit: LiteralHit, block: Block): boolean => {
    const c = perToken.get(hit.pattern) ?? rule;
    const text = block.text;
    if (c.precededBy && !c.precededBy(charBefore(text, hit.start))) return false;
    if (c.notPrecededBy && c.notPrecededBy(charBefore(text, hit.start))) return false;
    if (c.notFollowedBy && c.notFollowedBy(charAt(text, hit.end))) return false;
    if (c.after || c.before) {
      const afterOk = c.after?.some((w) => text.endsWith(w, hit.start)) ?? false;
      const beforeOk = c.before?.some((w) => text.startsWith(w, hit.end)) ?? false;
      if (!afterOk && !beforeOk) return false;
    }
    if (c.particle) {
      // Other particles may follow (得㗎喇！); after them, the clause must end.
      let j = hit.end;
      for (let ch = charAt(text, j); ch && tokenSet.has(ch); ch = charAt(text, j)) j += ch.length;
      if (isWordChar(charAt(text, j))) return false;
    }
    const word = c.word instanceof RegExp ? c.word.test(hit.pattern) : c.word;
    if (word && !isWholeWord(text, hit.start, hit.end, (vocab ??= vocabulary(tokens)))) return false;
    return true;
  };

  const level = (hit: { start: number; end: number }, block: Block, state: DocumentState, base: Level): Level => {
    if (spec.quoted && inside(blockContext(block, state).quotes, hit.start, hit.end)) return spec.quoted;
    const esc = spec.escalate;
    if (esc) {
      for (const when of esc.when) {
        if (when === 'formal-document' && formalDocument(state)) return esc.level;
        if (when === 'cantonese-sentence' && sentenceIsCantonese(block, state, hit.start)) return esc.level;
      }
    }
    return base;
  };

  return { accept: conditional ? accept : () => true, level };
}
