/**
 * Reads one knowledge file into a ParsedDocument, by its extension: Markdown, plain text, Word and PDF. Anything
 * else, and any file that cannot be read, is a KnowledgeFileError naming the file and the reason in one line;
 * the indexer reports it and goes on with the rest.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeUtf8, DocumentReadError, readDocxParagraphs } from '../../node/readers';
import { describeFsError } from '../../node/readers/errors';
import { SIDECAR_SUFFIX } from './classification';
import { PdfError, readPdf } from './pdf';
import { FrontMatterError, NUMBERED, parseMarkdown, parseText } from './structure';
import type { ParsedDocument, Unit } from './types';

export const KNOWLEDGE_EXTENSIONS = ['.md', '.markdown', '.txt', '.text', '.docx', '.pdf'] as const;

export class KnowledgeFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'KnowledgeFileError';
  }
}

/** Files in a knowledge folder that are not documents: notes for maintainers, the search glossary, sidecars. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || /^readme(\.[a-z]+)?$/i.test(name) || /^glossary\.ya?ml$/i.test(name) || SIDECAR_SUFFIX.test(name);
}

export function isKnowledgeFile(name: string): boolean {
  return (KNOWLEDGE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

/** `display` names the file in errors (relative to the templates folder). */
export async function readKnowledgeFile(file: string, display: string, bytes?: Uint8Array): Promise<ParsedDocument> {
  const ext = path.extname(file).toLowerCase();
  if (!isKnowledgeFile(file)) throw new KnowledgeFileError(display, `unsupported file type ${ext || '(no extension)'} (knowledge files are ${KNOWLEDGE_EXTENSIONS.filter((e) => e !== '.markdown' && e !== '.text').join(', ')})`);
  let data = bytes;
  if (!data) {
    try {
      data = await readFile(file);
    } catch (err) {
      throw new KnowledgeFileError(display, describeFsError(err));
    }
  }
  try {
    switch (ext) {
      case '.md':
      case '.markdown':
        return parseMarkdown(decode(data, display));
      case '.txt':
      case '.text':
        return parseText(decode(data, display));
      case '.docx':
        return await readDocx(data, display);
      default:
        return await readPdf(data);
    }
  } catch (err) {
    if (err instanceof KnowledgeFileError) throw err;
    if (err instanceof DocumentReadError) throw new KnowledgeFileError(display, err.reason);
    if (err instanceof PdfError || err instanceof FrontMatterError) throw new KnowledgeFileError(display, err.message);
    throw new KnowledgeFileError(display, `cannot be read (${(err as Error).message.split('\n')[0]})`);
  }
}

function decode(bytes: Uint8Array, display: string): string {
  if (!bytes.length) throw new KnowledgeFileError(display, 'is empty (0 bytes)');
  try {
    return decodeUtf8(bytes, display).text;
  } catch (err) {
    if (err instanceof DocumentReadError) throw new KnowledgeFileError(display, err.reason);
    throw err;
  }
}

async function readDocx(bytes: Uint8Array, display: string): Promise<ParsedDocument> {
  const paragraphs = await readDocxParagraphs(bytes, display);
  let title: string | undefined;
  const units: Unit[] = [];
  for (const p of paragraphs) {
    const text = p.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    if (p.style === 'Title' && title === undefined && !units.length) {
      title = text;
      continue;
    }
    if (p.kind === 'heading') {
      // Below a Title, "Heading 1" is the first level of sections.
      units.push({ kind: 'heading', level: p.level ?? 1, text });
      continue;
    }
    units.push({ kind: 'para', text, numbered: NUMBERED.test(text) });
  }
  return { title, units };
}
