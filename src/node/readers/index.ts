/**
 * Reads a document file into the document model, by its extension: .txt, .md, .docx, .eml. Each reader returns the
 * model and the text its findings' offsets refer to (see ReadResult). Failures are DocumentReadError, whose message
 * names the file and says what is wrong in one line.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readDocxBytes } from './docx';
import { readEmlBytes } from './eml';
import { DocumentReadError, describeFsError } from './errors';
import { readMarkdownBytes, readTextBytes } from './text';
import type { DocumentFormat, ReadResult } from './types';

export { DocumentReadError } from './errors';
export { docxToText, readDocxBytes, readDocxParagraphs, readDocxParagraphsSync } from './docx';
export { readEmlBytes, htmlToText } from './eml';
export { decodeUtf8, readMarkdownBytes, readTextBytes } from './text';
export type { DocumentFormat, ReadResult } from './types';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.docx', '.eml'] as const;

const FORMATS: Record<string, DocumentFormat> = { '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md', '.docx': 'docx', '.eml': 'eml' };

/** The format a file name stands for, or undefined for an extension Wenshu does not read. */
export function formatOf(file: string): DocumentFormat | undefined {
  return FORMATS[path.extname(file).toLowerCase()];
}

/** Throws DocumentReadError for an extension Wenshu does not read. */
export function requireFormat(file: string): DocumentFormat {
  const format = formatOf(file);
  if (format) return format;
  const ext = path.extname(file);
  throw new DocumentReadError(file, `unsupported file type ${ext || '(no extension)'} (expected ${SUPPORTED_EXTENSIONS.join(', ')})`);
}

/** Reads bytes already in memory as the given format; `name` is used in error messages. */
export function readDocumentBytes(bytes: Uint8Array, name: string, format: DocumentFormat = requireFormat(name)): Promise<ReadResult> {
  switch (format) {
    case 'txt':
      return Promise.resolve().then(() => readTextBytes(bytes, name));
    case 'md':
      return Promise.resolve().then(() => readMarkdownBytes(bytes, name));
    case 'docx':
      return readDocxBytes(bytes, name);
    case 'eml':
      return readEmlBytes(bytes, name);
  }
}

/** Reads a file; `file` is kept as given in error messages. */
export async function readDocument(file: string): Promise<ReadResult> {
  const format = requireFormat(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new DocumentReadError(file, describeFsError(err));
  }
  return readDocumentBytes(bytes, file, format);
}
