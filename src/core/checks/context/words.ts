/**
 * The word-boundary model behind the `word: true` rule condition. A token is a whole word unless the most likely
 * segmentation of its neighbourhood puts a dictionary word across one of its edges: 而家 in 然而家傭 is 然而|家傭,
 * 得閒 in 不得閒置 is 不得|閒置, 聽日 in 聆聽日本 is 聆聽|日本, 放工 in 發放工傷 is 發放|工傷. The dictionary is
 * jieba's (converted to HK Traditional at build time, words that overlap a token only: words.generated.ts); the
 * segmentation is jieba's own idea, the path of highest product of word frequencies, over a few characters either
 * side of the hit. Nothing here is a list of exceptions: the same model serves every token of every such rule.
 */
import { WORD_LEXICON } from './words.generated';

export interface WordLexicon {
  /** Sum of all frequencies in the source dictionary. */
  total: number;
  /** Dictionary words that overlap some token -> frequency. */
  words: Record<string, number>;
  /** Single characters -> frequency. */
  chars: Record<string, number>;
  /** Tokens that are themselves in the dictionary -> frequency. */
  tokens: Record<string, number>;
}

/** Characters of context either side of a hit the segmentation looks at. */
const SPAN = 3;
const MAX_WORD = 4;
/**
 * A token's weight when the (Mandarin) dictionary does not know it or knows it as rare: the rule lists it because it
 * is a word of the register being checked (Cantonese), so it is weighted like a common word of its own.
 */
const TOKEN_FLOOR = 1000;

interface Model {
  logTotal: number;
  words: Map<string, number>;
  chars: Map<string, number>;
  tokens: Map<string, number>;
}

let model: Model | undefined;

function load(lexicon: WordLexicon = WORD_LEXICON): Model {
  model ??= {
    logTotal: Math.log(lexicon.total || 1),
    words: new Map(Object.entries(lexicon.words)),
    chars: new Map(Object.entries(lexicon.chars)),
    tokens: new Map(Object.entries(lexicon.tokens)),
  };
  return model;
}

/** Whether a dictionary word runs across the given edge of the text (知道 across 唔知|道). */
export function wordCrosses(text: string, edge: number): boolean {
  const m = load();
  for (let i = Math.max(0, edge - MAX_WORD + 1); i < edge; i++) {
    for (let j = edge + 1; j <= Math.min(text.length, i + MAX_WORD); j++) if (m.words.has(text.slice(i, j))) return true;
  }
  return false;
}

/** A rule's own vocabulary for the segmentation: each token with its weight (log probability). */
export type Vocabulary = ReadonlyMap<string, number>;

export function vocabulary(tokens: readonly string[]): Vocabulary {
  const m = load();
  return new Map(tokens.map((t) => [t, Math.log(Math.max(m.tokens.get(t) ?? 0, TOKEN_FLOOR)) - m.logTotal]));
}

/**
 * Whether [start, end) of the text is a whole word, not part of a dictionary word that crosses its edges. The
 * segmentation knows the rule's own tokens too (`vocab`), so 唔 + 知道 beats 唔知 + 道 in 唔知道.
 */
export function isWholeWord(text: string, start: number, end: number, vocab: Vocabulary = new Map()): boolean {
  const m = load();
  const lo = Math.max(0, start - SPAN);
  const hi = Math.min(text.length, end + SPAN);
  // Fast path: no dictionary word crosses either edge, so no segmentation can.
  let crossing = false;
  for (let i = lo; i < end && !crossing; i++) {
    for (let len = 2; len <= MAX_WORD && i + len <= hi; len++) {
      const j = i + len;
      const crossesStart = i < start && start < j;
      const crossesEnd = i < end && end < j;
      if ((crossesStart || crossesEnd) && m.words.has(text.slice(i, j))) {
        crossing = true;
        break;
      }
    }
  }
  if (!crossing) return true;

  // Best segmentation of text[lo, hi) by the highest sum of log frequencies (jieba's route).
  const n = hi - lo;
  const score = new Float64Array(n + 1).fill(-Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  score[0] = 0;
  const token = text.slice(start, end);
  const tokenWeight = vocab.get(token) ?? Math.log(Math.max(m.tokens.get(token) ?? 0, TOKEN_FLOOR)) - m.logTotal;
  // Which edges on the best path are dictionary words (only those can make the hit part of another word).
  const dictEdge = new Uint8Array(n + 1);
  for (let a = 0; a < n; a++) {
    if (score[a] === -Infinity) continue;
    const i = lo + a;
    const relax = (b: number, w: number, dict: boolean) => {
      if (score[a] + w > score[b]) {
        score[b] = score[a] + w;
        from[b] = a;
        dictEdge[b] = dict ? 1 : 0;
      }
    };
    relax(a + 1, Math.log(m.chars.get(text[i]) ?? 1) - m.logTotal, false);
    for (let len = 1; len <= MAX_WORD && a + len <= n; len++) {
      const piece = text.slice(i, i + len);
      const v = vocab.get(piece);
      if (v !== undefined) relax(a + len, v, false);
      const f = len >= 2 ? m.words.get(piece) : undefined;
      if (f !== undefined) relax(a + len, Math.log(f) - m.logTotal, true);
    }
    if (i === start) relax(end - lo, tokenWeight, false);
  }
  for (let b = n; b > 0; b = from[b]) {
    const a = from[b];
    const i = lo + a;
    const j = lo + b;
    if (dictEdge[b] && ((i < start && start < j) || (i < end && end < j))) return false;
  }
  return true;
}
