/**
 * Reading the model's answer as sections. The model is asked for one delimited block per section id, the tag
 * name carrying a per-request nonce:
 *
 *   <section-k3v9q2 id="response">
 *   …paragraphs…
 *   </section-k3v9q2>
 *
 * Models do not always comply, so the reader also takes, in this order: a JSON object (`{"sections":{"id":"…"}}`,
 * `{"id":"…"}` or `{"sections":[{"id","text"}]}`, fenced or followed by prose), then Markdown headings or bold
 * lines naming a section by its title or id; failing all three, the whole answer is one unnamed block that the
 * caller places. Anything outside the blocks (a preamble, a closing offer) is dropped.
 */

export interface SectionRef {
  id: string;
  /** Titles the model may use for a heading, in any language. */
  titles: string[];
}

export type AnswerFormat = 'delimited' | 'json' | 'headings' | 'unstructured';

export interface ParsedAnswer {
  format: AnswerFormat;
  /** Section id -> its raw text, in the order found. */
  sections: Map<string, string>;
  /** Ids named in the answer that the template does not have. */
  unknown: string[];
  /** For `unstructured`: the whole answer. */
  rest?: string;
  /** Blocks that carried a nonce other than the request's (or none): accepted, but reported. */
  foreignTags: number;
  /** The text before the first section and after the last (dropped; the caller reports what it was). */
  before: string;
  after: string;
}

export function sectionTag(nonce: string): string {
  return `section-${nonce}`;
}

const OPEN = /<\s*section(?:[-_]([A-Za-z0-9]+))?\s+id\s*=\s*["'“”]?([A-Za-z0-9_-]+)["'“”]?\s*\/?>/g;
const CLOSE = /<\s*\/\s*section(?:[-_][A-Za-z0-9]+)?\s*>/g;

/**
 * Delimited blocks complete so far (the closing tag seen), for streaming; with `final`, a last block the model
 * never closed is taken too.
 */
export function delimitedBlocks(answer: string, nonce: string, final = false): { blocks: Array<{ id: string; text: string; nonce?: string }>; opened: boolean } {
  const blocks: Array<{ id: string; text: string; nonce?: string }> = [];
  const opens = [...answer.matchAll(OPEN)];
  for (let k = 0; k < opens.length; k++) {
    const m = opens[k];
    const start = m.index + m[0].length;
    const nextOpen = k + 1 < opens.length ? opens[k + 1].index : answer.length;
    CLOSE.lastIndex = start;
    const close = CLOSE.exec(answer);
    const end = close && close.index < nextOpen ? close.index : undefined;
    if (end === undefined && !final && k + 1 >= opens.length) break;
    blocks.push({ id: m[2].toLowerCase(), text: answer.slice(start, end ?? nextOpen), nonce: m[1] });
  }
  void nonce;
  return { blocks, opened: opens.length > 0 };
}

export function parseAnswer(answer: string, nonce: string, refs: readonly SectionRef[]): ParsedAnswer {
  const known = new Set(refs.map((r) => r.id));
  const delimited = delimitedBlocks(answer, nonce, true);
  if (delimited.blocks.length) {
    const sections = new Map<string, string>();
    const unknown: string[] = [];
    let foreignTags = 0;
    for (const b of delimited.blocks) {
      if (b.nonce !== nonce) foreignTags++;
      if (!known.has(b.id)) unknown.push(b.id);
      else sections.set(b.id, sections.has(b.id) ? `${sections.get(b.id)}\n\n${b.text}` : b.text);
    }
    const first = answer.search(/<\s*section/);
    const closes = [...answer.matchAll(new RegExp(CLOSE.source, 'g'))];
    const last = closes[closes.length - 1];
    const after = last ? answer.slice(last.index + last[0].length) : '';
    return { format: 'delimited', sections, unknown, foreignTags, before: answer.slice(0, Math.max(0, first)), after };
  }
  const json = jsonSections(answer, known);
  if (json) return { format: 'json', sections: json.sections, unknown: json.unknown, foreignTags: 0, before: answer.slice(0, json.start), after: answer.slice(json.end + 1) };
  const headed = headingSections(answer, refs);
  if (headed) return { format: 'headings', sections: headed.sections, unknown: [], foreignTags: 0, before: headed.before, after: '' };
  return { format: 'unstructured', sections: new Map(), unknown: [], rest: answer, foreignTags: 0, before: '', after: '' };
}

/** The first balanced JSON object in the text that reads as sections. */
function jsonSections(answer: string, known: ReadonlySet<string>): { sections: Map<string, string>; unknown: string[]; start: number; end: number } | undefined {
  for (let from = answer.indexOf('{'); from !== -1; from = answer.indexOf('{', from + 1)) {
    const end = balancedEnd(answer, from);
    if (end === -1) continue;
    let value: unknown;
    try {
      value = JSON.parse(answer.slice(from, end + 1));
    } catch {
      continue;
    }
    const read = readJson(value, known);
    if (read && read.sections.size) return { ...read, start: from, end };
  }
  return undefined;
}

function readJson(value: unknown, known: ReadonlySet<string>): { sections: Map<string, string>; unknown: string[] } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const root = (value as Record<string, unknown>).sections ?? value;
  const sections = new Map<string, string>();
  const unknown: string[] = [];
  const put = (id: string, text: unknown) => {
    const t = Array.isArray(text) ? text.filter((x) => typeof x === 'string').join('\n\n') : typeof text === 'string' ? text : undefined;
    if (t === undefined) return;
    const key = id.toLowerCase();
    if (known.has(key)) sections.set(key, t);
    else unknown.push(key);
  };
  if (Array.isArray(root)) {
    for (const item of root) if (item && typeof item === 'object') put(String((item as any).id ?? ''), (item as any).text ?? (item as any).content);
  } else if (typeof root === 'object' && root) {
    for (const [k, v] of Object.entries(root as Record<string, unknown>)) put(k, v);
  } else return undefined;
  return { sections, unknown };
}

/** Index of the brace that closes the one at `from`, strings respected; -1 when it never closes. */
function balancedEnd(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `## Response`, `**回覆內容**`, `Response:`, `1. Response` on a line of their own, naming a section. */
function headingSections(answer: string, refs: readonly SectionRef[]): { sections: Map<string, string>; before: string } | undefined {
  const byName = new Map<string, string>();
  for (const r of refs) {
    byName.set(normaliseTitle(r.id), r.id);
    for (const t of r.titles) byName.set(normaliseTitle(t), r.id);
  }
  const lines = answer.split('\n');
  const sections = new Map<string, string>();
  let current: string | undefined;
  let buffer: string[] = [];
  const before: string[] = [];
  const flush = () => {
    if (current) sections.set(current, sections.has(current) ? `${sections.get(current)}\n\n${buffer.join('\n')}` : buffer.join('\n'));
    buffer = [];
  };
  for (const line of lines) {
    const id = headingId(line, byName);
    if (id) {
      flush();
      current = id;
      continue;
    }
    if (current) buffer.push(line);
    else before.push(line);
  }
  flush();
  return sections.size ? { sections, before: before.join('\n') } : undefined;
}

function headingId(line: string, byName: ReadonlyMap<string, string>): string | undefined {
  const m = /^\s*(?:#{1,6}\s*|\*\*|__|\d+[.)、]\s*|[一二三四五六七八九十]+、\s*)?(.+?)(?:\*\*|__)?\s*[:：]?\s*$/.exec(line);
  if (!m || line.trim().length > 40) return undefined;
  return byName.get(normaliseTitle(m[1]));
}

function normaliseTitle(t: string): string {
  return t.replace(/[*_#`:：\s]/g, '').toLowerCase();
}
