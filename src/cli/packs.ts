/** Template packs for the CLI: where they are, loading them, and finding one template with a clear error. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDepartment, findTemplate, loadPacks as loadPackSource, templateKeys, type Department, type LoadedPacks, type Template } from '../core/templates';
import { BUNDLED_TEMPLATES_DIR, DOCX_BODY_OPTIONS, nodePackSource } from '../node/pack-source';
import { suggest } from './args';
import { UsageError, type CliIO } from './io';

/** --templates DIR, else $WENSHU_TEMPLATES, else the packs bundled with Wenshu (templates/ in the package). */
export function templatesDir(flag: string | undefined, io: CliIO): string {
  return flag || io.env.WENSHU_TEMPLATES || BUNDLED_TEMPLATES_DIR;
}

/**
 * Loads packs; `dir` is resolved against the CLI's working folder but kept as given in diagnostics. .docx bodies
 * are read as text, one paragraph a line, and tried by the .docx filler (docx-fill.ts).
 */
export function loadPacks(dir: string, cwd: string): LoadedPacks {
  if (!isDirectory(path.resolve(cwd, dir))) throw new UsageError(`${dir}: no such folder of template packs`);
  const posix = path.sep === '/' ? dir : dir.split(path.sep).join('/');
  return loadPackSource(nodePackSource(cwd), posix, DOCX_BODY_OPTIONS);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export interface FoundTemplate {
  template: Template;
  department: Department;
  packs: LoadedPacks;
}

export function requireTemplate(key: string, dir: string, cwd: string): FoundTemplate {
  if (!/^[^/\s]+\/[^/\s]+$/.test(key)) throw new UsageError(`--template takes DEPARTMENT/TEMPLATE, e.g. fehd/reply-public (got "${key}")`);
  const packs = loadPacks(dir, cwd);
  const template = findTemplate(packs, key);
  const department = template && findDepartment(packs, template.department);
  if (template && department) return { template, department, packs };
  const keys = templateKeys(packs);
  const near = suggest(key, keys);
  const problems = packs.diagnostics.length ? `; ${packs.diagnostics.length} problem(s) in the packs, see wenshu templates lint ${dir}` : '';
  const known = keys.length ? `known: ${keys.join(', ')}` : `no templates found in ${dir}`;
  throw new UsageError(`unknown template "${key}"${near ? ` (did you mean ${near}?)` : ''} (${known})${problems}`);
}
