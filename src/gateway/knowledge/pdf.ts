/**
 * PDF knowledge files, read with unpdf (PDF.js). Text items are grouped into lines by their baseline, lines into
 * paragraphs by the vertical gap and paragraph numbers; a line set in a clearly larger font than the body text
 * is a heading (the largest size is level 1). A PDF without any text (a scan) is refused: Wenshu reads no images.
 */
import { NUMBERED, SENTENCE_END, joinLines } from './structure';
import type { ParsedDocument, Unit } from './types';

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

/** What the worker sends back: the text items of every page and the document's title. */
interface PdfText {
  title?: string;
  pages: TextItem[][];
}

export class PdfError extends Error {}

const MAX_PAGES = 500;
const TIMEOUT_MS = 30_000;

/**
 * PDF.js runs in a worker thread: parsing is CPU-heavy (a gateway re-indexing must keep answering), a hostile
 * file cannot take the process down or run forever (the worker is terminated after TIMEOUT_MS), and unpdf loads
 * PDF.js with a dynamic import(), which a worker always allows.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { getDocumentProxy } = require(workerData.unpdf);
  let pdf;
  try {
    pdf = await getDocumentProxy(workerData.bytes, { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  } catch (err) {
    parentPort.postMessage({ error: 'is not a readable PDF (' + String(err && err.message || err).replace(/\\s+/g, ' ').slice(0, 200) + ')' });
    return;
  }
  try {
    if (pdf.numPages > workerData.maxPages) {
      parentPort.postMessage({ error: 'has ' + pdf.numPages + ' pages; Wenshu indexes PDFs of up to ' + workerData.maxPages });
      return;
    }
    const pages = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.filter((i) => typeof i.str === 'string').map((i) => ({ str: i.str, transform: i.transform, width: i.width, height: i.height, hasEOL: i.hasEOL })));
      page.cleanup();
    }
    let title;
    try {
      const t = (await pdf.getMetadata()).info.Title;
      if (typeof t === 'string' && t.trim()) title = t.trim();
    } catch {}
    parentPort.postMessage({ text: { title, pages } });
  } catch (err) {
    parentPort.postMessage({ error: 'cannot be read (' + String(err && err.message || err).slice(0, 200) + ')' });
  } finally {
    await pdf.destroy().catch(() => {});
  }
})();
`;

function extract(bytes: Uint8Array): Promise<PdfText> {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: new Uint8Array(bytes), unpdf: require.resolve('unpdf'), maxPages: MAX_PAGES } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new PdfError(`took longer than ${TIMEOUT_MS / 1000} s to read`))), TIMEOUT_MS);
    worker.once('message', (m: { error?: string; text?: PdfText }) => finish(() => (m.error ? reject(new PdfError(m.error)) : resolve(m.text ?? { pages: [] }))));
    worker.once('error', (err) => finish(() => reject(new PdfError(`cannot be read (${oneLine(err.message)})`))));
    worker.once('exit', (code) => finish(() => reject(new PdfError(`cannot be read (the reader stopped with code ${code})`))));
  });
}

export async function readPdf(bytes: Uint8Array): Promise<ParsedDocument> {
  if (!bytes.length) throw new PdfError('is empty (0 bytes)');
  const text = await extract(bytes);
  const lines: Line[] = [];
  text.pages.forEach((items, i) => lines.push(...toLines(items, i + 1)));
  const units = toUnits(lines);
  if (!units.some((u) => u.kind === 'para')) throw new PdfError('has no text (a scanned PDF? Wenshu reads text, not images)');
  return { title: text.title, units };
}

function toLines(items: TextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let cur: { parts: Array<{ x: number; text: string; width: number }>; y: number; size: number } | undefined;
  const end = () => {
    if (!cur) return;
    cur.parts.sort((a, b) => a.x - b.x);
    let text = '';
    let right = -Infinity;
    for (const p of cur.parts) {
      const gap = p.x - right;
      text = text && gap > cur.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(p.text) ? joinLines(text, p.text) : text + p.text;
      right = p.x + p.width;
    }
    text = text.replace(/\s+/g, ' ').trim();
    if (text) lines.push({ text, size: cur.size, y: cur.y, page });
    cur = undefined;
  };
  for (const item of items) {
    const size = Math.round(Math.hypot(item.transform[2], item.transform[3]) * 10) / 10 || item.height;
    const x = item.transform[4];
    const y = item.transform[5];
    if (cur && Math.abs(y - cur.y) > Math.max(2, size * 0.4)) end();
    if (item.str) {
      cur ??= { parts: [], y, size };
      cur.parts.push({ x, text: item.str, width: item.width });
      cur.size = Math.max(cur.size, size);
    }
    if (item.hasEOL) end();
  }
  end();
  return lines;
}

function toUnits(lines: Line[]): Unit[] {
  if (!lines.length) return [];
  // The body size: the size most text is set in.
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(l.size, (weight.get(l.size) ?? 0) + l.text.length);
  const body = [...weight.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const headingSizes = [...new Set(lines.map((l) => l.size).filter((s) => s >= body * 1.12))].sort((a, b) => b - a);
  const units: Unit[] = [];
  let para: { text: string; last: Line } | undefined;
  let heading: { text: string; last: Line; level: number } | undefined;
  const flushPara = () => {
    if (para) units.push({ kind: 'para', text: para.text, numbered: NUMBERED.test(para.text) });
    para = undefined;
  };
  const flushHeading = () => {
    if (heading) units.push({ kind: 'heading', level: heading.level, text: heading.text });
    heading = undefined;
  };
  for (const line of lines) {
    const level = headingSizes.indexOf(line.size);
    if (level >= 0) {
      flushPara();
      // A heading wrapped over two lines is one heading.
      if (heading && heading.last.size === line.size && heading.last.page === line.page && heading.last.y - line.y < line.size * 1.8) {
        heading.text = joinLines(heading.text, line.text);
        heading.last = line;
      } else {
        flushHeading();
        heading = { text: line.text, last: line, level: Math.min(level + 1, 6) };
      }
      continue;
    }
    flushHeading();
    // A paragraph that runs on to the next page continues there unless its last line ended a sentence.
    const samePage = para?.last.page === line.page;
    const gap = para && samePage ? para.last.y - line.y : 0;
    const newParagraph = !para || (samePage ? gap > line.size * 1.6 || gap < 0 : SENTENCE_END.test(para.text)) || NUMBERED.test(line.text);
    if (newParagraph) {
      flushPara();
      para = { text: line.text, last: line };
    } else if (para) {
      para.text = joinLines(para.text, line.text);
      para.last = line;
    }
  }
  flushPara();
  flushHeading();
  return units;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 200);
}
