/**
 * The body syntax (documented in schema.ts and templates/README.md): `{{name}}` placeholders, and sections
 * between `{{#section id}}` and `{{/section}}` lines. Parsing is separate from checking against the template, so
 * that a .docx body, once turned into text, goes through the same checks.
 */
import { countCodePoints, normaliseText } from './parse';

export interface BodyLine {
  text: string;
  /** 1-based line in the body file. */
  line: number;
}

export interface Placeholder {
  name: string;
  line: number;
  column: number;
  /** The section it is in, if any. */
  section?: string;
}

export type BodySegment =
  | { kind: 'text'; lines: BodyLine[] }
  | { kind: 'section'; id: string; line: number; column: number; lines: BodyLine[] };

export interface BodyTemplate {
  segments: BodySegment[];
  placeholders: Placeholder[];
}

export interface BodyProblem {
  line: number;
  column: number;
  message: string;
}

const SECTION_OPEN = /^(\s*)\{\{#section\s+([^{}\s]+)\s*\}\}\s*$/;
const SECTION_CLOSE = /^\s*\{\{\/section\s*\}\}\s*$/;
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-z][A-Za-z0-9]*$/;

export function parseBody(source: string): { body: BodyTemplate; problems: BodyProblem[] } {
  const lines = normaliseText(source).split('\n');
  const segments: BodySegment[] = [];
  const placeholders: Placeholder[] = [];
  const problems: BodyProblem[] = [];
  let current: Extract<BodySegment, { kind: 'section' }> | undefined;
  let text: Extract<BodySegment, { kind: 'text' }> | undefined;
  const col = (s: string, index: number) => countCodePoints(s.slice(0, index)) + 1;

  lines.forEach((raw, i) => {
    const line = i + 1;
    const open = SECTION_OPEN.exec(raw);
    if (open) {
      const column = open[1].length + 1;
      if (current) {
        // Reported once; then read on as if the earlier section had been closed, so no knock-on errors follow.
        problems.push({ line, column, message: `{{#section ${open[2]}}} starts inside section "${current.id}" (line ${current.line}); close it first with {{/section}}` });
      }
      current = { kind: 'section', id: open[2], line, column, lines: [] };
      segments.push(current);
      text = undefined;
      return;
    }
    if (SECTION_CLOSE.test(raw)) {
      if (!current) problems.push({ line, column: raw.indexOf('{{') + 1, message: '{{/section}} without a {{#section id}} before it' });
      current = undefined;
      return;
    }
    for (const m of raw.matchAll(PLACEHOLDER)) {
      const inner = m[1];
      const column = col(raw, m.index);
      if (/^[#/]/.test(inner)) {
        problems.push({ line, column, message: `${m[0]}: section markers go on a line of their own, as {{#section id}} … {{/section}}` });
      } else if (!NAME.test(inner)) {
        problems.push({ line, column, message: `${m[0]} is not a placeholder: names are camelCase, e.g. {{ourRef}}` });
      } else {
        placeholders.push({ name: inner, line, column, ...(current ? { section: current.id } : {}) });
      }
    }
    const stray = strayBraces(raw);
    if (stray >= 0) problems.push({ line, column: col(raw, stray), message: 'unclosed {{ (placeholders are written {{name}})' });
    const entry = { text: raw, line };
    if (current) current.lines.push(entry);
    else {
      if (!text) {
        text = { kind: 'text', lines: [] };
        segments.push(text);
      }
      text.lines.push(entry);
    }
  });
  if (current) problems.push({ line: current.line, column: current.column, message: `section "${current.id}" is never closed with {{/section}}` });
  return { body: { segments, placeholders }, problems };
}

/** Index of a `{{` that no `}}` closes, or -1. */
function strayBraces(line: string): number {
  const rest = line.replace(PLACEHOLDER, (m) => ' '.repeat(m.length));
  return rest.indexOf('{{');
}
