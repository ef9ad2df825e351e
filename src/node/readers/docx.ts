/**
 * Word (.docx) files, read with JSZip: the paragraphs of the main document part in order, with their styles.
 *
 * - Blocks, in order: the paragraphs of the header shown on the first page, the body (paragraphs inside table
 *   cells become `table-cell` blocks, in row order; paragraphs of text boxes follow the paragraph that anchors
 *   them), then the paragraphs of the footer shown at the end. Headers and footers are read because that is where
 *   Word documents carry their security-classification marking (RESTRICTED 限閱文件 at top and bottom); their
 *   empty paragraphs are left out. Empty body paragraphs are kept, as Word shows them.
 * - Text of a paragraph: its runs' w:t, with w:tab and w:ptab → "\t", w:br and w:cr (a manual line break in the
 *   paragraph) → "\n", w:noBreakHyphen → U+2011, w:softHyphen left out, w:sym → its character (unless it is a
 *   Symbol-font private-use code). Deleted text of tracked changes (w:del, w:delText, w:moveFrom), field codes
 *   (w:instrText; the field's result is kept) and hidden text (w:vanish) are left out; inserted text is kept.
 *   Footnotes, endnotes and comments are not read.
 * - Style: the paragraph style's name from word/styles.xml ("Heading 1", "Title", "List Paragraph"), with Word's
 *   lower-case built-in names capitalised ("heading 1" → "Heading 1"). A style named "Heading N" (or based on one)
 *   or a paragraph with an outline level gives a heading of that level (capped at 6); "Title" a level-1 heading.
 *   Numbered or bulleted paragraphs (w:numPr on the paragraph or its style, numId not 0) are list items.
 * - `text` is the blocks joined by "\n"; offsets of findings refer to it.
 */
import JSZip from 'jszip';
import { fromParagraphs, type Block } from '../../core/text/document';
import { provenanceFromParts } from './docx-provenance';
import { DocumentReadError } from './errors';
import type { ReadResult } from './types';
import { child, childElements, parseXml, textContent, XmlError, type XmlElement } from './xml';
import { unzipSync, ZipError } from './zip';

type Paragraph = Omit<Block, 'id' | 'offset'>;

const WORD_NS = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const REL_OFFICE_DOCUMENT = /\/officeDocument$/;

export async function readDocxBytes(bytes: Uint8Array, path: string): Promise<ReadResult> {
  const parts = await readDocxParts(bytes, path);
  const model = fromParagraphs(paragraphsFromParts(parts, path));
  const provenance = provenanceFromParts(parts);
  return { model, text: model.blocks.map((b) => b.text).join('\n'), format: 'docx', ...(provenance.length ? { provenance } : {}) };
}

/** The paragraphs of a .docx, in order (see the module comment). */
export async function readDocxParagraphs(bytes: Uint8Array, path: string): Promise<Paragraph[]> {
  return paragraphsFromParts(await readDocxParts(bytes, path), path);
}

async function readDocxParts(bytes: Uint8Array, path: string): Promise<Map<string, string>> {
  refuseOleFile(bytes, path);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw notZip(path);
  }
  const parts = new Map<string, string>();
  for (const file of Object.values(zip.files)) {
    if (file.dir || !XML_PART.test(file.name)) continue;
    try {
      parts.set(file.name, await file.async('string'));
    } catch {
      throw new DocumentReadError(path, `is damaged (${file.name} cannot be unpacked)`);
    }
  }
  return parts;
}

/**
 * The same paragraphs, read synchronously (with a small ZIP reader over node:zlib), for callers that cannot wait,
 * such as the template loader turning a body.docx into text.
 */
export function readDocxParagraphsSync(bytes: Uint8Array, path: string): Paragraph[] {
  refuseOleFile(bytes, path);
  let parts: Map<string, string>;
  try {
    parts = unzipSync(bytes, (name) => XML_PART.test(name));
  } catch (err) {
    if (err instanceof ZipError && err.damaged) throw new DocumentReadError(path, `is damaged (${err.message})`);
    throw notZip(path);
  }
  return paragraphsFromParts(parts, path);
}

/** A .docx body as text, one paragraph a line (the template loader's `docxText`). */
export function docxToText(bytes: Uint8Array, path = 'body.docx'): string {
  return readDocxParagraphsSync(bytes, path).map((p) => p.text.replace(/\n/g, ' ')).join('\n');
}

const XML_PART = /\.(xml|rels)$/i;

function refuseOleFile(bytes: Uint8Array, path: string): void {
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new DocumentReadError(path, 'is an old Word .doc file or a password-protected document; save it as an unprotected .docx and try again');
  }
}

function notZip(path: string): DocumentReadError {
  return new DocumentReadError(path, 'is not a .docx file (it is not a ZIP package, or it is damaged)');
}

function paragraphsFromParts(parts: Map<string, string>, path: string): Paragraph[] {
  const xml: XmlReader = (name) => {
    const source = parts.get(name);
    if (source === undefined) return undefined;
    try {
      return normaliseWordPrefix(parseXml(source));
    } catch (err) {
      if (err instanceof XmlError) throw new DocumentReadError(path, `is damaged (${name}: ${err.message})`);
      throw err;
    }
  };

  const mainPart = findMainPart(parts, xml);
  const doc = xml(mainPart);
  if (!doc) throw new DocumentReadError(path, 'is not a Word document (it has no word/document.xml)');
  const body = child(doc, 'w:body');
  if (doc.name !== 'w:document' || !body) throw new DocumentReadError(path, `is not a Word document (${mainPart} has no w:body)`);

  const rels = readRels(xml, relsPathOf(mainPart), dirOf(mainPart));
  const stylesTarget = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.target ?? joinPart(dirOf(mainPart), 'styles.xml');
  const styles = new Styles(xml(stylesTarget));

  const out: Paragraph[] = [];
  const sections = findSectPrs(body);
  const header = pickReference(sections[0], 'w:headerReference', true);
  const footer = pickReference(sections[sections.length - 1], 'w:footerReference', false);
  if (header) out.push(...readHeaderFooter(header, rels, xml, styles));
  walkBlocks(body, false, styles, out);
  if (footer) out.push(...readHeaderFooter(footer, rels, xml, styles));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Package parts

interface Rel {
  type: string;
  target: string;
}

type XmlReader = (name: string) => XmlElement | undefined;

function findMainPart(parts: Map<string, string>, xml: XmlReader): string {
  for (const rel of readRels(xml, '_rels/.rels', '').values()) if (REL_OFFICE_DOCUMENT.test(rel.type) && parts.has(rel.target)) return rel.target;
  return 'word/document.xml';
}

function readRels(xml: XmlReader, name: string, baseDir: string): Map<string, Rel> {
  const root = xml(name);
  const rels = new Map<string, Rel>();
  if (!root) return rels;
  for (const r of childElements(root)) {
    if (!r.name.endsWith('Relationship') || r.attrs.TargetMode === 'External') continue;
    if (r.attrs.Id && r.attrs.Target) rels.set(r.attrs.Id, { type: r.attrs.Type ?? '', target: joinPart(baseDir, r.attrs.Target) });
  }
  return rels;
}

function dirOf(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? '' : part.slice(0, i);
}

function relsPathOf(part: string): string {
  const dir = dirOf(part);
  const name = part.slice(dir ? dir.length + 1 : 0);
  return `${dir ? `${dir}/` : ''}_rels/${name}.rels`;
}

/** Resolves a relationship target against the folder of the part that refers to it. */
function joinPart(baseDir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : baseDir.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

/** Renames elements and attributes to the "w:" prefix when a producer bound WordprocessingML to another prefix. */
function normaliseWordPrefix(root: XmlElement): XmlElement {
  let prefix: string | undefined;
  for (const [attr, value] of Object.entries(root.attrs)) {
    if (!WORD_NS.includes(value)) continue;
    if (attr === 'xmlns') prefix = '';
    else if (attr.startsWith('xmlns:')) prefix = attr.slice(6);
    if (prefix === 'w') return root;
  }
  if (prefix === undefined) return root;
  const from = prefix;
  const rename = (name: string): string => {
    if (from === '') return name.includes(':') ? name : `w:${name}`;
    return name.startsWith(`${from}:`) ? `w:${name.slice(from.length + 1)}` : name;
  };
  const visit = (el: XmlElement): void => {
    el.name = rename(el.name);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(el.attrs)) attrs[from === '' || k.startsWith('xmlns') ? k : rename(k)] = v;
    el.attrs = attrs;
    for (const c of el.children) if (typeof c !== 'string') visit(c);
  };
  visit(root);
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// Styles

interface StyleInfo {
  name?: string;
  basedOn?: string;
  numbered?: boolean;
  outlineLevel?: number;
}

class Styles {
  private readonly byId = new Map<string, StyleInfo>();
  readonly defaultId?: string;

  constructor(root: XmlElement | undefined) {
    if (!root) return;
    for (const s of childElements(root, 'w:style')) {
      if (s.attrs['w:type'] !== 'paragraph' || !s.attrs['w:styleId']) continue;
      const pPr = child(s, 'w:pPr');
      const info: StyleInfo = {
        name: child(s, 'w:name')?.attrs['w:val'],
        basedOn: child(s, 'w:basedOn')?.attrs['w:val'],
        numbered: numbering(pPr),
        outlineLevel: outlineLevel(pPr),
      };
      this.byId.set(s.attrs['w:styleId'], info);
      if (isOn(s.attrs['w:default'])) (this as { defaultId?: string }).defaultId = s.attrs['w:styleId'];
    }
  }

  /** The style and the styles it is based on, nearest first. */
  chain(id: string | undefined): StyleInfo[] {
    const out: StyleInfo[] = [];
    const seen = new Set<string>();
    for (let cur = id ?? this.defaultId; cur && !seen.has(cur); ) {
      seen.add(cur);
      const info = this.byId.get(cur);
      if (!info) break;
      out.push(info);
      cur = info.basedOn;
    }
    return out;
  }
}

function displayStyleName(name: string): string {
  return /^[a-z][a-z0-9 ]*$/.test(name) ? name[0].toUpperCase() + name.slice(1) : name;
}

function numbering(pPr: XmlElement | undefined): boolean | undefined {
  const numPr = child(pPr, 'w:numPr');
  if (!numPr) return undefined;
  const numId = child(numPr, 'w:numId')?.attrs['w:val'];
  return numId !== undefined ? numId !== '0' : undefined;
}

function outlineLevel(pPr: XmlElement | undefined): number | undefined {
  const v = child(pPr, 'w:outlineLvl')?.attrs['w:val'];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 && n < 9 ? n : undefined;
}

function isOn(v: string | undefined): boolean {
  return v !== undefined && v !== '0' && v !== 'false' && v !== 'off';
}

// ---------------------------------------------------------------------------------------------------------------
// Paragraphs

const SKIP_BLOCK = new Set(['w:sectPr', 'w:tblPr', 'w:tblGrid', 'w:trPr', 'w:tcPr', 'w:del', 'w:moveFrom', 'mc:Fallback', 'w:sdtPr', 'w:sdtEndPr', 'w:customXmlPr', 'w:tblPrEx']);

function walkBlocks(el: XmlElement, inCell: boolean, styles: Styles, out: Paragraph[]): void {
  for (const c of childElements(el)) {
    if (SKIP_BLOCK.has(c.name)) continue;
    if (c.name === 'w:p') {
      const boxes: XmlElement[] = [];
      out.push(paragraph(c, inCell, styles, boxes));
      for (const box of boxes) walkBlocks(box, inCell, styles, out);
    } else if (c.name === 'w:tc') walkBlocks(c, true, styles, out);
    else if (c.name === 'mc:AlternateContent') {
      const choice = child(c, 'mc:Choice');
      if (choice) walkBlocks(choice, inCell, styles, out);
    } else walkBlocks(c, inCell, styles, out);
  }
}

function paragraph(p: XmlElement, inCell: boolean, styles: Styles, boxes: XmlElement[]): Paragraph {
  const pPr = child(p, 'w:pPr');
  const chain = styles.chain(child(pPr, 'w:pStyle')?.attrs['w:val']);
  const text = { value: '' };
  collectText(p, text, boxes);
  const out: Paragraph = { kind: 'paragraph', text: text.value };
  const name = chain[0]?.name;
  if (name) out.style = displayStyleName(name);
  if (inCell) {
    out.kind = 'table-cell';
    return out;
  }
  const level = headingLevel(chain, pPr);
  if (level !== undefined) {
    out.kind = 'heading';
    out.level = Math.min(level, 6);
    return out;
  }
  const numbered = numbering(pPr) ?? chain.find((s) => s.numbered !== undefined)?.numbered;
  if (numbered) out.kind = 'list-item';
  return out;
}

function headingLevel(chain: StyleInfo[], pPr: XmlElement | undefined): number | undefined {
  for (const s of chain) {
    const m = /^heading\s*([1-9])$/i.exec(s.name ?? '');
    if (m) return Number(m[1]);
    if (/^title$/i.test(s.name ?? '')) return 1;
  }
  const direct = outlineLevel(pPr);
  if (direct !== undefined) return direct + 1;
  const inherited = chain.find((s) => s.outlineLevel !== undefined)?.outlineLevel;
  return inherited === undefined ? undefined : inherited + 1;
}

const SKIP_INLINE = new Set(['w:pPr', 'w:rPr', 'w:del', 'w:moveFrom', 'w:delText', 'w:instrText', 'w:fldData', 'mc:Fallback', 'w:footnoteReference', 'w:endnoteReference', 'w:commentReference', 'w:annotationRef']);

function collectText(el: XmlElement, out: { value: string }, boxes: XmlElement[]): void {
  for (const c of el.children) {
    if (typeof c === 'string' || SKIP_INLINE.has(c.name)) continue;
    switch (c.name) {
      case 'w:r':
        if (!isHidden(c)) collectText(c, out, boxes);
        break;
      case 'w:t':
      case 'm:t':
        out.value += textContent(c);
        break;
      case 'w:tab':
      case 'w:ptab':
        out.value += '\t';
        break;
      case 'w:br':
      case 'w:cr':
        out.value += '\n';
        break;
      case 'w:noBreakHyphen':
        out.value += '\u2011';
        break;
      case 'w:softHyphen':
        break;
      case 'w:sym': {
        const code = parseInt(c.attrs['w:char'] ?? '', 16);
        // Symbol fonts map their glyphs to U+F000-U+F0FF: there is no real character to check.
        if (Number.isInteger(code) && code > 0 && !(code >= 0xf000 && code <= 0xf0ff)) out.value += String.fromCodePoint(code);
        break;
      }
      case 'w:txbxContent':
        boxes.push(c);
        break;
      case 'mc:AlternateContent': {
        const choice = child(c, 'mc:Choice');
        if (choice) collectText(choice, out, boxes);
        break;
      }
      default:
        collectText(c, out, boxes);
    }
  }
}

function isHidden(run: XmlElement): boolean {
  const vanish = child(child(run, 'w:rPr'), 'w:vanish');
  return vanish !== undefined && (vanish.attrs['w:val'] === undefined || isOn(vanish.attrs['w:val']));
}

// ---------------------------------------------------------------------------------------------------------------
// Headers and footers

function findSectPrs(body: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of childElements(body)) {
    if (c.name === 'w:sectPr') out.push(c);
    else if (c.name === 'w:p') {
      const s = child(child(c, 'w:pPr'), 'w:sectPr');
      if (s) out.push(s);
    }
  }
  return out;
}

/** The header shown on the first page (the "first" one when the section has a distinct first page) or the default footer. */
function pickReference(sectPr: XmlElement | undefined, name: string, first: boolean): string | undefined {
  if (!sectPr) return undefined;
  const refs = childElements(sectPr, name);
  const titlePg = child(sectPr, 'w:titlePg');
  const distinctFirst = first && titlePg !== undefined && (titlePg.attrs['w:val'] === undefined || isOn(titlePg.attrs['w:val']));
  const pick = (type: string) => refs.find((r) => (r.attrs['w:type'] ?? 'default') === type);
  return (distinctFirst ? pick('first') : undefined)?.attrs['r:id'] ?? pick('default')?.attrs['r:id'];
}

function readHeaderFooter(relId: string, rels: Map<string, Rel>, xml: XmlReader, styles: Styles): Paragraph[] {
  const rel = rels.get(relId);
  if (!rel) return [];
  const root = xml(rel.target);
  if (!root) return [];
  const out: Paragraph[] = [];
  walkBlocks(root, false, styles, out);
  return out.filter((p) => p.text.trim() !== '');
}
