/**
 * Plain text (.txt) and Markdown (.md) files. The file must be UTF-8: a file in Big5, GB18030 or UTF-16 is refused
 * with a clear reason, rather than checked as mojibake. A UTF-8 byte-order mark is dropped: offsets are into the
 * text after it, and `bom` tells a writer (wenshu check --fix) to put it back.
 */
import { fromMarkdown, fromPlainText } from '../../core/text/document';
import { DocumentReadError } from './errors';
import type { ReadResult } from './types';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 strictly; throws DocumentReadError with the line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, path: string): { text: string; bom: boolean } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new DocumentReadError(path, 'is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 and try again');
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: decoder.decode(body), bom };
  } catch {
    const bad = firstInvalidUtf8(body);
    const line = countLines(body, bad);
    throw new DocumentReadError(path, `is not valid UTF-8 (first bad byte at line ${line}); save it as UTF-8 (it may be Big5 or GB18030) and try again`);
  }
}

export function readTextBytes(bytes: Uint8Array, path: string): ReadResult {
  const { text, bom } = decodeUtf8(bytes, path);
  return { model: fromPlainText(text), text, format: 'txt', bom };
}

export function readMarkdownBytes(bytes: Uint8Array, path: string): ReadResult {
  const { text, bom } = decodeUtf8(bytes, path);
  return { model: fromMarkdown(text), text, format: 'md', bom };
}

/** Byte index of the first byte that does not start (or continue) a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
