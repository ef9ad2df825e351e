/**
 * The analyser: turns text into the terms the index stores and queries look up. Chinese text gets jieba words
 * (search mode, so 駕駛執照 also gives 駕駛 and 執照) plus every character bigram, which still match when
 * segmentation differs between a passage and a query; English gets Porter2 stems without stop words. Both go
 * through normalize.ts first, so 衛/衞 and 駕駛/驾驶 meet, and "license" finds "licence".
 *
 * Terms are plain strings of [a-z0-9] or Han characters, never containing spaces, so they can be joined with
 * spaces and stored in an FTS5 table with the `ascii` tokenizer (which splits on ASCII space and punctuation
 * only and keeps Han characters together).
 */
import { britishSpelling, fold, toSimplified } from './normalize';

const stem: (word: string) => string = require('wink-porter2-stemmer');

interface JiebaLike {
  cutForSearch(sentence: string, hmm?: boolean): string[];
}

let jieba: JiebaLike | undefined;

/** Loads jieba and its dictionary once (about 0.3 s), on first use. */
export function segmenter(): JiebaLike {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

/** Bumped whenever the terms or the chunks produced for a file change: an index built by another version is rebuilt. */
export const ANALYZER_VERSION = 'a3';

const EN_STOP = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'may me my no nor not of on or our shall should so such than that the their them then there these they ' +
    'this those to under upon us was we were what when where which while who whom why will with would you your ' +
    'yours he she his her hers him also any all about please dear would'
  ).split(' '),
);

/** Function words (Simplified, after normalisation) that say nothing about the topic. */
const ZH_STOP = new Set(
  (
    '的 了 和 與 与 及 或 在 是 有 就 都 而 也 之 其 於 于 以 為 为 把 被 對 对 並 并 但 等 此 該 该 我 你 他 她 它 ' +
    '們 们 我们 你们 他们 可以 如果 以及 有關 有关 關於 关于 請問 请问 甚麼 甚么 什么 怎樣 怎样 如何 是否 ' +
    '哪些 需要 一個 一个 這個 这个 那個 那个 這些 这些 因為 因为 所以 如 若 則 则 即 亦 又 個 个'
  ).split(' '),
);

export interface Terms {
  /** jieba words (two characters or more), single Han characters standing alone, English stems, numbers. */
  words: string[];
  /** Character bigrams of every Han run. */
  grams: string[];
}

const RUN = /[\p{Script=Han}]+|[a-z0-9]+(?:['’][a-z]+)*/gu;

/** The terms of a text, in order, with repeats (term frequency counts). */
export function analyze(text: string): Terms {
  const words: string[] = [];
  const grams: string[] = [];
  const norm = toSimplified(fold(text));
  for (const m of norm.matchAll(RUN)) {
    const run = m[0];
    const c = run.charCodeAt(0);
    if (c < 0x80) {
      const word = run.replace(/['’]s$/, '').replace(/['’]/g, '');
      if (EN_STOP.has(word) || !word) continue;
      if (/\d/.test(word)) {
        // Numbers and codes (1823, 132x) are kept as they are: stemmers mangle them.
        words.push(word);
        continue;
      }
      if (word.length === 1) continue;
      words.push(stem(britishSpelling(word)));
      continue;
    }
    const chars = run.length === 1 ? [run] : Array.from(run);
    if (chars.length === 1) {
      if (!ZH_STOP.has(run)) words.push(run);
      continue;
    }
    for (const w of segmenter().cutForSearch(run, false)) {
      if (w.length >= 2 && !ZH_STOP.has(w)) words.push(w);
    }
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
  }
  return { words, grams };
}

/** The distinct terms of a text (for queries). */
export function queryTerms(text: string): string[] {
  const { words, grams } = analyze(text);
  return [...new Set([...words, ...grams])];
}
