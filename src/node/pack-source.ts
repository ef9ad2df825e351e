/**
 * The file-system PackSource for the CLI and the gateway. Paths given to the loader are kept as they are in
 * diagnostics (relative paths stay relative), and resolved against `base` for reading.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPacks, type LoadedPacks, type LoadOptions } from '../core/templates/loader';
import type { PackEntry, PackSource } from '../core/templates/source';
import { checkDocxTemplate } from '../core/templates/docx-fill';
import { docxToText } from './readers/docx';

/** .docx bodies read as text (one paragraph a line) for the body checks, and tried by the filler that fills them. */
export const DOCX_BODY_OPTIONS: LoadOptions = { docxText: (bytes) => docxToText(bytes), docxCheck: checkDocxTemplate };

/** The packs shipped with Wenshu (templates/ at the top of the repository, from src/node or dist/node). */
export const BUNDLED_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

export function nodePackSource(base: string = process.cwd()): PackSource {
  const resolve = (p: string) => path.resolve(base, p === '' ? '.' : p);
  return {
    list(dir: string): PackEntry[] {
      return fs.readdirSync(resolve(dir), { withFileTypes: true }).map((e) => {
        // Follow symbolic links, so a pack can be linked in from elsewhere.
        const isDir = e.isDirectory() || (e.isSymbolicLink() && fs.statSync(path.join(resolve(dir), e.name)).isDirectory());
        return { name: e.name, kind: isDir ? 'dir' : 'file' };
      });
    },
    read(p: string): string {
      return fs.readFileSync(resolve(p), 'utf8');
    },
    readBinary(p: string): Uint8Array {
      return new Uint8Array(fs.readFileSync(resolve(p)));
    },
  };
}

/**
 * Loads the packs under `dir` (a folder of packs, or one pack); diagnostics name files as `dir` spells them.
 * .docx bodies are read and checked unless `options` says otherwise.
 */
export function loadPacksFromDir(dir: string = BUNDLED_TEMPLATES_DIR, options: LoadOptions = {}): LoadedPacks {
  return loadPacks(nodePackSource(), toPosix(dir), { ...DOCX_BODY_OPTIONS, ...options });
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
