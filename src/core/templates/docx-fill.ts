/**
 * Filling a department's own Word file: a body.docx written in the body syntax (templates/README.md), one Word
 * paragraph a line — `{{field}}` anywhere (split across runs as Word likes to split them), `{{#section id}}` and
 * `{{/section}}` each in a paragraph of their own, `{{points}}` in the paragraph to repeat for each paragraph of
 * the section's text — filled with docxtemplater (over pizzip). Everything the values do not touch stays as the
 * department made it: headers (the letterhead), footers, styles, numbering, page set-up, images.
 *
 * The body syntax is turned into docxtemplater's before filling: a section's marker paragraphs become a loop over
 * zero or one item (so a section left out of the draft disappears with its paragraphs), a {{points}} paragraph is
 * wrapped in a loop over the points, and a paragraph whose placeholders are all empty is dropped, as the Markdown
 * renderer drops such a line. Pure JavaScript, no Node or DOM: the gateway and the CLI use it; the core's index
 * does not export it, so the task pane's bundle does not carry docxtemplater.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { PLACEHOLDER } from './body';
import type { DocxFillValues } from './compose';

/** A .docx body that cannot be filled; `message` says what is wrong, for the pack's author. */
export class DocxTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocxTemplateError';
  }
}

const SECTION_OPEN = /^\s*\{\{#section\s+([^{}\s]+)\s*\}\}\s*$/;
const SECTION_CLOSE = /^\s*\{\{\/section\s*\}\}\s*$/;
/** The data key of a section's loop: cannot clash with a field id (those are camelCase letters and digits). */
const sectionKey = (id: string) => `section:${id}`;
/** Parts docxtemplater fills (and so the parts prepared here). */
const PART = /^word\/(document|header\d*|footer\d*)\.xml$/;

/** Fills a .docx body; throws DocxTemplateError when the file or its placeholders are broken. */
export function fillDocx(bytes: Uint8Array, fill: DocxFillValues): Uint8Array {
  const zip = openZip(bytes);
  const kept = new Map(fill.sections.map((s) => [s.id, s]));
  prepareParts(zip, (name, inSection) => {
    if (name === 'title') return inSection ? 'x' : '';
    return fill.values[name] ?? '';
  });
  const data: Record<string, unknown> = { ...fill.values };
  for (const id of sectionIds(zip)) {
    const s = kept.get(id);
    data[sectionKey(id)] = s ? [{ title: s.title, points: s.points.map((p) => ({ points: p })) }] : [];
  }
  const doc = compile(zip);
  try {
    doc.render(data);
  } catch (err) {
    throw new DocxTemplateError(describe(err));
  }
  const out = doc.getZip();
  if (fill.marking) addMarking(out, fill.marking);
  return out.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * What is wrong with a .docx body as docxtemplater sees it (its parse of the Word XML), one message per problem;
 * empty when it can be filled. The body's text is checked separately, like a Markdown body's (loader.ts).
 */
export function checkDocxTemplate(bytes: Uint8Array): string[] {
  let zip: PizZip;
  try {
    zip = openZip(bytes);
    // Every placeholder given a value, so no paragraph is dropped before the check.
    prepareParts(zip, () => 'x');
    compile(zip);
    return [];
  } catch (err) {
    return err instanceof DocxTemplateError ? err.message.split('\n') : [describe(err)];
  }
}

function openZip(bytes: Uint8Array): PizZip {
  try {
    const zip = new PizZip(bytes);
    if (!zip.file('word/document.xml')) throw new Error('no word/document.xml');
    return zip;
  } catch (err) {
    throw new DocxTemplateError(`not a Word .docx file (${(err as Error).message})`);
  }
}

function compile(zip: PizZip): Docxtemplater {
  try {
    return new Docxtemplater(zip, {
      delimiters: { start: '{{', end: '}}' },
      paragraphLoop: true,
      linebreaks: true,
      // Problems are reported to the caller (lint, the draft's answer), never printed to the console.
      errorLogging: false,
      // A value the draft does not have prints as nothing, as in the Markdown.
      nullGetter: () => '',
    });
  } catch (err) {
    throw new DocxTemplateError(describe(err));
  }
}

/** docxtemplater's errors (a MultiError holds one per tag and part) as one line each, each said once. */
function describe(err: unknown): string {
  const e = err as { properties?: { errors?: unknown[] } };
  const list = e.properties?.errors?.length ? e.properties.errors : [err];
  const lines = list.map((x) => {
    const p = (x as { properties?: { explanation?: string } }).properties;
    // The loops over sections are the filler's own spelling of {{#section id}}: said back in the body's syntax.
    return (p?.explanation ?? (x as Error).message ?? String(x)).replace(/"section:([^"]*)"/g, '"section $1"');
  });
  return [...new Set(lines)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Turning the body syntax into docxtemplater's, paragraph by paragraph

interface Para {
  start: number;
  end: number;
  xml: string;
  text: string;
}

function prepareParts(zip: PizZip, valueOf: (name: string, inSection: boolean) => string): void {
  for (const name of Object.keys(zip.files)) {
    if (!PART.test(name)) continue;
    const xml = zip.file(name)!.asText();
    zip.file(name, prepareXml(xml, valueOf));
  }
}

function prepareXml(xml: string, valueOf: (name: string, inSection: boolean) => string): string {
  const paras = paragraphs(xml);
  let out = '';
  let at = 0;
  let open: string | undefined;
  for (const p of paras) {
    out += xml.slice(at, p.start);
    at = p.end;
    const opening = SECTION_OPEN.exec(p.text);
    if (opening) {
      // A section opened while another is open: the earlier one is closed first, as the text check reads it.
      if (open) out += marker(`{{/${sectionKey(open)}}}`);
      open = opening[1];
      out += marker(`{{#${sectionKey(open)}}}`);
      continue;
    }
    if (SECTION_CLOSE.test(p.text)) {
      if (open) out += marker(`{{/${sectionKey(open)}}}`);
      open = undefined;
      continue;
    }
    const names = [...p.text.matchAll(PLACEHOLDER)].map((m) => m[1]);
    if (names.includes('points')) {
      out += marker('{{#points}}') + p.xml + marker('{{/points}}');
      continue;
    }
    if (names.length && names.every((n) => !valueOf(n, open !== undefined))) continue;
    out += p.xml;
  }
  if (open) {
    // An unclosed section (reported by the text check) is closed before the final section properties.
    const tail = xml.slice(at);
    const sect = tail.lastIndexOf('<w:sectPr');
    const where = sect >= 0 ? sect : tail.lastIndexOf('</w:body>');
    return out + (where >= 0 ? tail.slice(0, where) + marker(`{{/${sectionKey(open)}}}`) + tail.slice(where) : tail);
  }
  return out + xml.slice(at);
}

/** A paragraph holding only a docxtemplater tag (paragraphLoop removes it when it fills the loop). */
function marker(tag: string): string {
  return `<w:p><w:r><w:t xml:space="preserve">${escapeXml(tag)}</w:t></w:r></w:p>`;
}

/** The outermost w:p elements in order (a text box's paragraphs stay inside the paragraph that anchors them). */
function paragraphs(xml: string): Para[] {
  const out: Para[] = [];
  const tag = /<(\/?)w:p(?=[\s>/])[^>]*?(\/?)>/g;
  let depth = 0;
  let start = -1;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const closing = m[1] === '/';
    const selfClosing = m[2] === '/';
    if (!closing) {
      if (depth === 0) start = m.index;
      if (selfClosing) {
        if (depth === 0) out.push({ start, end: m.index + m[0].length, xml: m[0], text: '' });
        continue;
      }
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) {
        const end = m.index + m[0].length;
        const body = xml.slice(start, end);
        out.push({ start, end, xml: body, text: paragraphText(body) });
      }
    }
  }
  return out;
}

function paragraphText(xml: string): string {
  let text = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) text += unescapeXml(m[1]);
  return text;
}

/** Section ids used in the prepared parts (the loops' data keys). */
function sectionIds(zip: PizZip): string[] {
  const ids = new Set<string>();
  for (const name of Object.keys(zip.files)) {
    if (!PART.test(name)) continue;
    for (const m of zip.file(name)!.asText().matchAll(/\{\{#section:([^{}]+)\}\}/g)) ids.add(unescapeXml(m[1]));
  }
  return [...ids];
}

// ---------------------------------------------------------------------------------------------------------------
// The security marking: first in every header and last in every footer, as Word documents carry it

function addMarking(zip: PizZip, marking: string): void {
  const para = `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${escapeXml(marking)}</w:t></w:r></w:p>`;
  const names = Object.keys(zip.files);
  const headers = names.filter((n) => /^word\/header\d*\.xml$/.test(n));
  const footers = names.filter((n) => /^word\/footer\d*\.xml$/.test(n));
  for (const n of headers) zip.file(n, zip.file(n)!.asText().replace(/(<w:hdr\b[^>]*>)/, `$1${para}`));
  for (const n of footers) zip.file(n, zip.file(n)!.asText().replace(/(<\/w:ftr>)/, `${para}$1`));
  if (headers.length && footers.length) return;
  // No header or footer to carry it: first and last in the body instead.
  let doc = zip.file('word/document.xml')!.asText();
  if (!headers.length) doc = doc.replace(/(<w:body>)/, `$1${para}`);
  if (!footers.length) {
    const sect = doc.lastIndexOf('<w:sectPr');
    const at = sect >= 0 ? sect : doc.lastIndexOf('</w:body>');
    doc = doc.slice(0, at) + para + doc.slice(at);
  }
  zip.file('word/document.xml', doc);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}
