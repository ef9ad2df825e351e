/**
 * Structure-aware chunking. A chunk never crosses a heading, starts at a numbered paragraph (once the chunk
 * before it has some substance), starts where the language changes (bilingual files alternate Chinese and
 * English paragraphs: a passage should be in one language), and is cut only between sentences: a paragraph
 * longer than the limit is split at sentence ends, and a single sentence longer than the limit stays whole.
 * Each chunk keeps the heading trail above it.
 */
import { detectLanguage } from '../../core/text/script';
import { splitSentences } from '../../core/text/sentences';
import type { ChunkDraft, ChunkLang, ParsedDocument, Unit } from './types';

export interface ChunkOptions {
  /** Largest chunk, in size units (a Han character is 1, an English word 2). Default 480. */
  maxSize?: number;
  /** A numbered paragraph starts a new chunk only when the current one has at least this size. Default 24. */
  minSize?: number;
}

/** Size of a text: Han characters count 1, English words and numbers 2 (about the same meaning per unit). */
export function sizeOf(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) n++;
  }
  return n + 2 * (text.match(/[A-Za-z0-9]+/g) ?? []).length;
}

export function langOf(text: string, fallback: ChunkLang = 'en'): ChunkLang {
  const l = detectLanguage(text);
  return l === 'zh' ? 'zh-HK' : l === 'en' ? 'en' : fallback;
}

/** The document's title (front matter, else a level-1 heading that opens it) and the units below it. */
export function titleAndBody(doc: ParsedDocument, fallback: string): { title: string; units: Unit[] } {
  const [first, ...rest] = doc.units;
  if (doc.title) {
    // A first heading repeating the front-matter title is not a section.
    if (first?.kind === 'heading' && first.level === 1 && first.text === doc.title) return { title: doc.title, units: rest };
    return { title: doc.title, units: doc.units };
  }
  if (first?.kind === 'heading' && first.level === 1 && !rest.some((u) => u.kind === 'heading' && u.level === 1)) return { title: first.text, units: rest };
  return { title: fallback, units: doc.units };
}

export function chunkUnits(units: readonly Unit[], options: ChunkOptions = {}): ChunkDraft[] {
  const max = options.maxSize ?? 480;
  const min = options.minSize ?? 24;
  const chunks: ChunkDraft[] = [];
  const trail: Array<{ level: number; text: string }> = [];
  let parts: string[] = [];
  let size = 0;
  let lang: ChunkLang | undefined;

  const flush = () => {
    const text = parts.join('\n').trim();
    if (text) chunks.push({ seq: chunks.length, headings: trail.map((h) => h.text), text, lang: lang ?? langOf(text) });
    parts = [];
    size = 0;
    lang = undefined;
  };
  const add = (text: string, l: ChunkLang | undefined, s: number) => {
    parts.push(text);
    size += s;
    lang ??= l;
  };

  for (const unit of units) {
    if (unit.kind === 'heading') {
      flush();
      while (trail.length && trail[trail.length - 1].level >= unit.level) trail.pop();
      trail.push({ level: unit.level, text: unit.text });
      continue;
    }
    const s = sizeOf(unit.text);
    const dl = detectLanguage(unit.text);
    const l: ChunkLang | undefined = dl === 'zh' ? 'zh-HK' : dl === 'en' ? 'en' : undefined;
    const introduces = /[:：]$/.test(parts[parts.length - 1] ?? '');
    if (parts.length && l && lang && l !== lang) flush();
    else if (parts.length && unit.numbered && size >= min && !introduces) flush();
    else if (parts.length && size + s > max) flush();
    if (s <= max) {
      add(unit.text, l, s);
      continue;
    }
    // Too long for one chunk: whole sentences, packed up to the limit.
    for (const sentence of splitSentences(unit.text)) {
      const ss = sizeOf(sentence.text);
      if (parts.length && size + ss > max) flush();
      if (parts.length) parts[parts.length - 1] = joinSentence(parts[parts.length - 1], sentence.text);
      else parts.push(sentence.text);
      size += ss;
      lang ??= l;
    }
    flush();
  }
  flush();
  return chunks;
}

function joinSentence(a: string, b: string): string {
  const last = a.charCodeAt(a.length - 1);
  return last > 0x2e7f ? a + b : `${a} ${b}`;
}
