/**
 * Structure of Markdown and plain-text knowledge files: front matter, headings and paragraphs (as Units).
 * Word and PDF files get their structure in read.ts and pdf.ts; all of them end up as Units for the chunker.
 */
import { parse as parseYaml } from 'yaml';
import { classificationField } from './classification';
import type { ParsedDocument, Unit } from './types';

/** A paragraph number a chunk may start at: 1. / 2.3 / 4) / (a) / (iv) / （一） / 一、 / 第三條 / Q: / 問： */
export const NUMBERED =
  /^(?:\d{1,3}(?:\.\d{1,3})*[.)、．]\s*(?=\S)|\d{1,3}\.\d{1,3}\s|\(\s*(?:[a-z]|[ivx]{1,5}|\d{1,3})\s*\)\s*|（\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3}|[a-z])\s*）|[一二三四五六七八九十]{1,3}[、．]|第[一二三四五六七八九十百\d]{1,4}[條条段項项節节款點点]|(?:Q|Question|問|问)\s*\d{0,3}\s*[:：.．]|(?:Q|問)\d{1,3}\s)/i;

export const SENTENCE_END = /[。！？；.!?;:：]["'”’」』）)]*$/;

export class FrontMatterError extends Error {}

/** Splits off YAML front matter (--- ... --- at the very top). */
export function splitFrontMatter(text: string): { meta: Record<string, unknown>; body: string; bodyLine: number } {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { meta: {}, body: text, bodyLine: 1 };
  let meta: unknown;
  try {
    meta = parseYaml(m[1]);
  } catch (err) {
    throw new FrontMatterError(`front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (meta !== null && meta !== undefined && (typeof meta !== 'object' || Array.isArray(meta))) throw new FrontMatterError('front matter must be a mapping of keys');
  return { meta: (meta ?? {}) as Record<string, unknown>, body: text.slice(m[0].length), bodyLine: m[0].split('\n').length };
}

export function documentMeta(meta: Record<string, unknown>): Pick<ParsedDocument, 'title' | 'lang' | 'shared' | 'classification'> {
  const out: Pick<ParsedDocument, 'title' | 'lang' | 'shared' | 'classification'> = {};
  if (meta.classification !== undefined) out.classification = classificationField(meta.classification, 'front matter "classification"', (m) => new FrontMatterError(m));
  if (typeof meta.title === 'string' && meta.title.trim()) out.title = meta.title.trim();
  if (typeof meta.lang === 'string') out.lang = meta.lang;
  if (meta.shared === true) out.shared = true;
  else if (meta.shared !== undefined && meta.shared !== false) throw new FrontMatterError(`front matter "shared" must be true or false (got ${JSON.stringify(meta.shared)})`);
  return out;
}

/** Joins two wrapped lines: no space between Chinese characters, one between words. */
export function joinLines(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const last = a.charCodeAt(a.length - 1);
  const first = b.charCodeAt(0);
  return last > 0x2e7f && first > 0x2e7f ? a + b : `${a} ${b}`;
}

/** Markdown inline markup out: emphasis, code, links (their text stays), images, HTML tags. */
export function stripInline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .trim();
}

const MD_HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const MD_LIST = /^[ \t]*(?:[-*+•]|(\d{1,3})[.)])[ \t]+/;
const MD_TABLE_RULE = /^\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/;

export function parseMarkdown(text: string): ParsedDocument {
  const { meta, body } = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  const units: Unit[] = [];
  const lines = body.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/);
  let para: { text: string; numbered: boolean } | undefined;
  const flush = () => {
    if (para) {
      const t = stripInline(para.text);
      if (t) units.push({ kind: 'para', text: t, numbered: para.numbered || NUMBERED.test(t) });
    }
    para = undefined;
  };
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (/^[ \t]*(```|~~~)/.test(raw)) {
      flush();
      fence = !fence;
      continue;
    }
    const line = raw.replace(/^[ \t]*>[ \t]?/, '').trimEnd();
    if (!line.trim()) {
      flush();
      continue;
    }
    if (fence) {
      units.push({ kind: 'para', text: line.trim(), numbered: false });
      continue;
    }
    const h = MD_HEADING.exec(line);
    if (h) {
      flush();
      const t = stripInline(h[2]);
      if (t) units.push({ kind: 'heading', level: h[1].length, text: t });
      continue;
    }
    // Setext headings: a line underlined with === or ---.
    const next = lines[i + 1];
    if (!para && next !== undefined && /^[ \t]*(=+|-{3,})[ \t]*$/.test(next) && !MD_LIST.test(line)) {
      units.push({ kind: 'heading', level: next.trim().startsWith('=') ? 1 : 2, text: stripInline(line) });
      i++;
      continue;
    }
    if (/^[ \t]*\|/.test(line)) {
      flush();
      if (MD_TABLE_RULE.test(line)) continue;
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => stripInline(c)).filter(Boolean);
      if (cells.length) units.push({ kind: 'para', text: cells.join(' | '), numbered: false });
      continue;
    }
    const list = MD_LIST.exec(line);
    if (list) {
      flush();
      const content = line.slice(list[0].length);
      para = { text: list[1] ? `${list[1]}. ${content}` : content, numbered: !!list[1] };
      continue;
    }
    const trimmed = line.trim();
    if (para && NUMBERED.test(trimmed) && SENTENCE_END.test(para.text)) {
      flush();
    }
    para = para ? { text: joinLines(para.text, trimmed), numbered: para.numbered } : { text: trimmed, numbered: NUMBERED.test(trimmed) };
  }
  flush();
  return { ...documentMeta(meta), units };
}

const TXT_UNDERLINE = /^[ \t]*(=+|-{3,}|~{3,})[ \t]*$/;
const NO_FINAL_PUNCT = /[^。！？；，、.!?;,:：]$/;

function isShortLine(line: string): boolean {
  let han = 0;
  for (const ch of line) if (ch.charCodeAt(0) > 0x2e7f) han++;
  const words = (line.match(/[A-Za-z0-9]+/g) ?? []).length;
  return han <= 30 && words <= 14 && line.length <= 90;
}

/**
 * Plain text: paragraphs are separated by blank lines, or start on a new line after one that ended a sentence
 * (so both wrapped text and one-paragraph-a-line text work). A short line standing on its own, without final
 * punctuation, is a heading (underlined with === it is a level-1 heading, with --- level 2); the first such
 * line of the file is the title.
 */
export function parseText(text: string): ParsedDocument {
  const { meta, body } = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  const lines = body.split(/\r?\n/).map((l) => l.replace(/\s+$/, ''));
  const units: Unit[] = [];
  let para: { text: string; numbered: boolean } | undefined;
  let sawHeading = false;
  const flush = () => {
    if (para && para.text.trim()) units.push({ kind: 'para', text: para.text.trim(), numbered: para.numbered });
    para = undefined;
  };
  // A title block: up to three short lines without final punctuation at the top, then a blank line.
  let start = 0;
  while (start < lines.length && !lines[start].trim()) start++;
  let end = start;
  while (end < lines.length && lines[end].trim() && end - start < 4) end++;
  const block = lines.slice(start, end).map((l) => l.trim());
  if (block.length >= 2 && block.length <= 3 && (end >= lines.length || !lines[end].trim()) && block.every((l) => isShortLine(l) && NO_FINAL_PUNCT.test(l) && !NUMBERED.test(l))) {
    units.push({ kind: 'heading', level: 1, text: block.join(' ') });
    sawHeading = true;
    lines.splice(0, end);
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) {
      flush();
      continue;
    }
    if (TXT_UNDERLINE.test(line)) continue;
    const next = lines[i + 1]?.trim() ?? '';
    const prevBlank = i === 0 || !lines[i - 1].trim() || TXT_UNDERLINE.test(lines[i - 1]);
    if (!para && TXT_UNDERLINE.test(next) && next.length >= 3) {
      units.push({ kind: 'heading', level: next.startsWith('=') ? 1 : 2, text: line });
      sawHeading = true;
      i++;
      continue;
    }
    const alone = prevBlank && (!next || TXT_UNDERLINE.test(next));
    if (!para && alone && isShortLine(line) && NO_FINAL_PUNCT.test(line) && !/^[-*•]/.test(line)) {
      units.push({ kind: 'heading', level: sawHeading || units.length ? 2 : 1, text: line });
      sawHeading = true;
      continue;
    }
    const bullet = /^[-*•][ \t]+/.exec(line);
    const numbered = NUMBERED.test(line);
    if (para && (numbered || bullet || SENTENCE_END.test(para.text))) flush();
    const content = bullet ? line.slice(bullet[0].length) : line;
    para = para ? { text: joinLines(para.text, content), numbered: para.numbered } : { text: content, numbered };
  }
  flush();
  return { ...documentMeta(meta), units };
}
