/**
 * Offline summary by extraction: the most central sentences (TextRank over TF-IDF vectors of Chinese character
 * bigrams and stemmed English words), kept word for word and in their original order.
 */
import { fromMarkdown } from '../text/document';
import { splitSentences } from '../text/sentences';
import { isHan } from '../text/script';
import type { Note, TransformResult } from './types';

export interface SummaryOptions {
  /** How many sentences to keep (default 3). */
  sentences?: number;
  form: 'bullets' | 'paragraph';
}

export interface SummarySentence {
  /** UTF-16 offsets into the input text. */
  start: number;
  end: number;
  text: string;
}

export interface SummaryResult extends TransformResult {
  /** The sentences kept, in order, with where they are in the input. */
  sentences: SummarySentence[];
}

const EN_STOP = new Set(
  'a an the and or but if of to in on at by for from with as is are was were be been being this that these those it its their there here we our you your he she they them his her which who whom whose what when where will would shall should may might can could must not no nor so than then also such into over under about after before during per each any all some other more most very has have had do does did upon within without between'.split(
    ' ',
  ),
);

function stem(w: string): string {
  let s = w;
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly']) {
    if (s.length - suffix.length >= 3 && s.endsWith(suffix)) {
      s = s.slice(0, -suffix.length) + (suffix === 'ies' ? 'y' : '');
      break;
    }
  }
  return s;
}

/** Terms of a sentence: bigrams of each run of Han characters (a lone character counts as itself), stemmed English words. */
export function terms(text: string): string[] {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    run = '';
  };
  for (const ch of text) {
    if (isHan(ch.codePointAt(0)!)) run += ch;
    else flush();
  }
  flush();
  for (const m of text.toLowerCase().matchAll(/[a-z][a-z'-]+|\d+(?:[.,]\d+)*/g)) {
    const w = m[0];
    if (EN_STOP.has(w) || w.length < 2) continue;
    out.push(stem(w));
  }
  return out;
}

function vectors(docs: string[][]): Array<Map<string, number>> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    for (const [t, f] of tf) v.set(t, f * Math.log(1 + n / (df.get(t) ?? 1)));
    return v;
  });
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, x] of a) {
    na += x * x;
    const y = b.get(t);
    if (y !== undefined) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** TextRank scores of sentences (PageRank over the similarity graph). */
export function centrality(sentences: readonly string[]): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const vs = vectors(sentences.map(terms));
  const w: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) w[i][j] = w[j][i] = cosine(vs[i], vs[j]);
  const out = w.map((row) => row.reduce((s, x) => s + x, 0));
  let score = new Array<number>(n).fill(1 / n);
  const d = 0.85;
  for (let iter = 0; iter < 100; iter++) {
    const next = new Array<number>(n).fill((1 - d) / n);
    for (let j = 0; j < n; j++) {
      if (!out[j]) {
        for (let i = 0; i < n; i++) next[i] += (d * score[j]) / n;
        continue;
      }
      for (let i = 0; i < n; i++) if (w[j][i]) next[i] += (d * score[j] * w[j][i]) / out[j];
    }
    const delta = next.reduce((s, x, i) => s + Math.abs(x - score[i]), 0);
    score = next;
    if (delta < 1e-9) break;
  }
  return score;
}

export function summariseExtractive(text: string, options: SummaryOptions = { form: 'bullets' }): SummaryResult {
  const want = Math.max(1, Math.floor(options.sentences ?? 3));
  const doc = fromMarkdown(text);
  const all: SummarySentence[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'heading' || !block.text.trim()) continue;
    for (const s of splitSentences(block.text)) {
      const start = (block.offset ?? 0) + s.start;
      all.push({ start, end: start + s.text.length, text: s.text });
    }
  }
  const notes: Note[] = [];
  if (!all.length) {
    return {
      action: 'summarise',
      text: '',
      partial: true,
      changes: 0,
      sentences: [],
      notes: [{ 'zh-HK': '文本中沒有可摘錄的句子，未能撮要。', en: 'The text has no sentences to extract; nothing was summarised.' }],
    };
  }
  let kept: SummarySentence[];
  if (all.length <= want) {
    kept = all;
    notes.push({
      'zh-HK': `原文只有${all.length}句，已全部保留；未有刪減。`,
      en: `The text has only ${all.length} sentence${all.length === 1 ? '' : 's'}; ${all.length === 1 ? 'it is' : 'all are'} kept and nothing was left out.`,
    });
  } else {
    const scores = centrality(all.map((s) => s.text));
    // Very short sentences ("Noted.", 「好。」) carry little: they are chosen only when nothing else is left.
    const weight = all.map((s, i) => scores[i] * (terms(s.text).length < 3 ? 0.2 : 1));
    const order = all.map((_, i) => i).sort((a, b) => weight[b] - weight[a] || a - b);
    const chosen = new Set(order.slice(0, want));
    kept = all.filter((_, i) => chosen.has(i));
    notes.push({
      'zh-HK': `摘錄式撮要：從${all.length}句中選出最具代表性的${kept.length}句，逐字保留並按原文次序排列；未有使用語言模型。`,
      en: `Extractive summary: the ${kept.length} most central of ${all.length} sentences, kept word for word and in their original order; no language model was used.`,
    });
  }
  const join = (a: string, b: string) => (!a ? b : /[\x21-\x7e]$/.test(a) || /^[\x21-\x7e]/.test(b) ? `${a} ${b}` : `${a}${b}`);
  const out = options.form === 'paragraph' ? kept.reduce((acc, s) => join(acc, s.text), '') : kept.map((s) => `- ${s.text}`).join('\n');
  return { action: 'summarise', text: out, partial: false, changes: all.length - kept.length, sentences: kept, notes };
}
