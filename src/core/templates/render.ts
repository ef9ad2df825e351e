/**
 * Fills a parsed body: placeholders replaced, lines whose placeholders are all empty dropped, `{{points}}` lines
 * repeated per key point, runs of blank lines collapsed. Knows nothing of fields or departments: it gets values.
 */
import { PLACEHOLDER, type BodyLine, type BodyTemplate } from './body';

export interface RenderValues {
  /** Placeholder name -> text; absent or empty means "no value". */
  values: Readonly<Record<string, string>>;
  /** Section id -> the key points placed there. */
  points: ReadonlyMap<string, readonly string[]>;
  /** Section id -> its title in the body's language. */
  titles: ReadonlyMap<string, string>;
}

export type RenderedPart = { kind: 'text'; text: string } | { kind: 'section'; id: string; text: string; empty: boolean };

export function renderBody(body: BodyTemplate, input: RenderValues): RenderedPart[] {
  const parts: RenderedPart[] = [];
  for (const seg of body.segments) {
    if (seg.kind === 'text') {
      parts.push({ kind: 'text', text: tidy(renderLines(seg.lines, input.values, [])) });
      continue;
    }
    const values = { ...input.values, title: input.titles.get(seg.id) ?? '' };
    const points = input.points.get(seg.id) ?? [];
    const text = tidy(renderLines(seg.lines, values, points));
    // Empty: nothing but the title, so an optional section with no content can be left out.
    const content = tidy(renderLines(seg.lines.filter((l) => !hasPlaceholder(l.text, 'title')), values, points));
    parts.push({ kind: 'section', id: seg.id, text, empty: content === '' });
  }
  return parts;
}

/** Joins rendered parts into one Markdown text, a blank line between parts. */
export function joinParts(parts: readonly RenderedPart[]): string {
  return parts
    .map((p) => p.text)
    .filter((t) => t !== '')
    .join('\n\n');
}

function renderLines(lines: readonly BodyLine[], values: Readonly<Record<string, string>>, points: readonly string[]): string[] {
  const out: string[] = [];
  for (const { text } of lines) {
    const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
    if (names.includes('points')) {
      if (text.trim() === '{{points}}') points.forEach((p, i) => out.push(...(i ? ['', p] : [p])));
      else for (const p of points) out.push(...fill(text, { ...values, points: p }).split('\n'));
      continue;
    }
    if (names.length && names.every((n) => !values[n])) continue;
    out.push(...fill(text, values).split('\n'));
  }
  return out;
}

function fill(line: string, values: Readonly<Record<string, string>>): string {
  return line.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}

function hasPlaceholder(line: string, name: string): boolean {
  return [...line.matchAll(PLACEHOLDER)].some((m) => m[1] === name);
}

/** Trailing spaces off, at most one blank line in a row, none at either end. */
function tidy(lines: readonly string[]): string {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/[ \t]+$/, '');
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}
