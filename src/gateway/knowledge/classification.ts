/**
 * The classification of a knowledge file: the strictest of
 *   - a marking in its text, read by the one marking reader (core/classification/markings.ts): the title,
 *     headings and paragraphs, so "RESTRICTED" at the top of a memo or 限閱文件 in a Word file counts;
 *   - the front matter's `classification:` field (Markdown and text files);
 *   - a sidecar file beside it, `NAME.meta.yaml` (NAME with or without its extension: `circular.pdf.meta.yaml`
 *     or `circular.meta.yaml`), holding `classification: RESTRICTED` (for Word and PDF files, which have no
 *     front matter, or to classify a file without editing it).
 * Stricter always wins: a sidecar cannot lower what the file's own marking says. A value that is not one of the
 * five classifications makes the file unreadable (it is skipped with the reason), never UNCLASSIFIED.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { detectMarkingIn, isClassificationName, stricterOf } from '../../core/classification/markings';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import type { ParsedDocument } from './types';

export const SIDECAR_SUFFIX = /\.meta\.ya?ml$/i;
const SIDECAR_KEYS = ['classification'];
const MAX_SIDECAR_BYTES = 64 * 1024;

/** Checks a classification value from front matter or a sidecar; `fail` makes the error the caller reports. */
export function classificationField(value: unknown, where: string, fail: (message: string) => Error): Classification {
  if (isClassificationName(value)) return value;
  throw fail(`${where} must be one of ${CLASSIFICATIONS.join(', ')} (got ${JSON.stringify(value)})`);
}

/** The sidecars a knowledge file may have. */
export function sidecarsOf(abs: string): string[] {
  const ext = path.extname(abs);
  const bare = ext ? abs.slice(0, -ext.length) : abs;
  return [...new Set([`${abs}.meta.yaml`, `${abs}.meta.yml`, `${bare}.meta.yaml`, `${bare}.meta.yml`])];
}

/** Size and modification time of the file's sidecars that exist ("" when none): part of the file's signature. */
export async function sidecarSignature(abs: string): Promise<string> {
  const parts: string[] = [];
  for (const p of sidecarsOf(abs)) {
    const st = await stat(p).catch(() => undefined);
    if (st?.isFile()) parts.push(`${path.basename(p)}:${st.size}:${Math.floor(st.mtimeMs)}`);
  }
  return parts.join(';');
}

export class SidecarError extends Error {}

/** The strictest classification the file's sidecars declare (undefined when it has none). */
export async function sidecarClassification(abs: string): Promise<Classification | undefined> {
  let level: Classification | undefined;
  for (const p of sidecarsOf(abs)) {
    const st = await stat(p).catch(() => undefined);
    if (!st?.isFile()) continue;
    const name = path.basename(p);
    if (st.size > MAX_SIDECAR_BYTES) throw new SidecarError(`sidecar ${name} is larger than ${MAX_SIDECAR_BYTES / 1024} KB`);
    let meta: unknown;
    try {
      meta = parseYaml(await readFile(p, 'utf8'));
    } catch (err) {
      throw new SidecarError(`sidecar ${name} is not valid YAML (${(err as Error).message.split('\n')[0]})`);
    }
    if (!meta || typeof meta !== 'object' || Array.isArray(meta)) throw new SidecarError(`sidecar ${name} must be a mapping with a "classification" key`);
    const unknown = Object.keys(meta).filter((k) => !SIDECAR_KEYS.includes(k));
    if (unknown.length) throw new SidecarError(`sidecar ${name} has unknown key ${JSON.stringify(unknown[0])} (known: ${SIDECAR_KEYS.join(', ')})`);
    const value = (meta as Record<string, unknown>).classification;
    if (value === undefined) throw new SidecarError(`sidecar ${name} has no "classification" key`);
    const c = classificationField(value, `sidecar ${name}: "classification"`, (m) => new SidecarError(m));
    level = level ? stricterOf(level, c) : c;
  }
  return level;
}

/** The file's classification from its text and the declarations found for it. */
export function documentClassification(doc: ParsedDocument, declared: readonly (Classification | undefined)[]): Classification {
  const texts = [doc.title ?? '', ...doc.units.map((u) => u.text)];
  let level = detectMarkingIn([texts.join('\n')]);
  for (const d of [doc.classification, ...declared]) if (d) level = stricterOf(level, d);
  return level;
}
