/**
 * Positions for people and tools. The checker reports UTF-16 offsets into a block's text; files are read by
 * editors and by SARIF viewers in lines and columns. Here a UTF-16 offset into a document's text becomes a code-
 * point offset and a 1-based line and column that count Unicode code points, so that 𠝹 or 😀 (two UTF-16 units)
 * count as one character. Lines end at "\n"; a "\r" before it belongs to the line it ends (CRLF files), so columns
 * are the same as in an LF file.
 */
import type { DocumentModel } from '../core/text/document';

export interface Position {
  /** Code points before this position, from the start of the text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in code points. */
  column: number;
}

const STEP = 64;

export class PositionMap {
  /** UTF-16 offset where each line starts. */
  private readonly lineStarts: number[] = [0];
  /** Code points before each line start. */
  private readonly lineCodePoints: number[] = [0];
  /** Code points before every STEP-th UTF-16 offset, so that any lookup scans at most STEP units. */
  private readonly checkpoints: number[] = [];

  constructor(readonly text: string) {
    let cps = 0;
    for (let i = 0; i < text.length; i++) {
      if (i % STEP === 0) this.checkpoints.push(cps);
      const c = text.charCodeAt(i);
      if (!isLowSurrogateAfterHigh(text, i, c)) cps++;
      if (c === 10) {
        this.lineStarts.push(i + 1);
        this.lineCodePoints.push(cps);
      }
    }
    if (text.length % STEP === 0) this.checkpoints.push(cps);
  }

  /** The position of a UTF-16 offset (clamped to the text). An offset inside a surrogate pair counts the pair before it. */
  at(utf16: number): Position {
    const at = Math.max(0, Math.min(utf16, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    const offset = this.codePointsBefore(at);
    return { offset, line: lo + 1, column: offset - this.lineCodePoints[lo] + 1 };
  }

  /** Code points in text[start, end) (UTF-16 offsets). */
  length(start: number, end: number): number {
    return Math.max(0, this.codePointsBefore(end) - this.codePointsBefore(start));
  }

  private codePointsBefore(at: number): number {
    const k = Math.floor(at / STEP);
    let n = this.checkpoints[k];
    for (let i = k * STEP; i < at; i++) if (!isLowSurrogateAfterHigh(this.text, i, this.text.charCodeAt(i))) n++;
    return n;
  }
}

function isLowSurrogateAfterHigh(text: string, i: number, c: number): boolean {
  if (c < 0xdc00 || c > 0xdfff || i === 0) return false;
  const prev = text.charCodeAt(i - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}

export function codePointsBetween(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = Math.max(0, start); i < end && i < text.length; i++) {
    if (!(i > start && isLowSurrogateAfterHigh(text, i, text.charCodeAt(i)))) n++;
  }
  return n;
}

/**
 * Where each block starts in the document's text (UTF-16): the block's own `offset` when the reader set one,
 * otherwise as if the blocks were joined by "\n".
 */
export function blockStarts(model: DocumentModel): Map<string, number> {
  const out = new Map<string, number>();
  let running = 0;
  for (const block of model.blocks) {
    out.set(block.id, block.offset ?? running);
    running = (block.offset ?? running) + block.text.length + 1;
  }
  return out;
}
