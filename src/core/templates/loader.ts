/**
 * Loads every department pack under a directory. A broken department.yaml skips its whole pack; a broken
 * template skips that template only; every problem becomes a `file:line:column` diagnostic, and the rest load.
 */
import { parseBody, type BodyTemplate } from './body';
import { checkBody } from './cross-check';
import { formatDiagnostic, type Diagnostic } from './errors';
import { parseYamlFile } from './parse';
import { DepartmentSchema, LANGS, TemplateSchema, type Lang, type TemplateSpec } from './schema';
import { baseName, joinPath, type PackEntry, type PackSource } from './source';
import type { Body, Department, Template } from './types';

export type { PackEntry, PackSource } from './source';

export interface LoadOptions {
  /**
   * Turns a .docx body into text, one paragraph a line, so its placeholders and section markers are checked like
   * a Markdown body's (diagnostics then give the paragraph number as the line). Without it, .docx bodies are
   * reported as unreadable.
   */
  docxText?: (bytes: Uint8Array) => string;
  /**
   * What keeps a .docx body from being filled (docx-fill.ts checkDocxTemplate: the filler's own reading of the
   * Word XML), one message per problem. Passed in so the core's loader does not carry the filler.
   */
  docxCheck?: (bytes: Uint8Array) => string[];
}

export interface LoadedPacks {
  departments: Department[];
  diagnostics: Diagnostic[];
}

const DEPARTMENT_FILE = 'department.yaml';
const TEMPLATE_FILE = 'template.yaml';
/** Folders inside a pack that are not templates. */
const RESERVED = new Set(['knowledge']);

/** `root` is either a folder of packs (templates/) or one pack (templates/fehd). */
export function loadPacks(source: PackSource, root = '', options: LoadOptions = {}): LoadedPacks {
  const diagnostics: Diagnostic[] = [];
  const departments: Department[] = [];
  const rootEntries = listDir(source, root, diagnostics);
  if (!rootEntries) return { departments, diagnostics };

  const packDirs: Array<{ dir: string; entries: PackEntry[] }> = [];
  if (hasFile(rootEntries, DEPARTMENT_FILE)) packDirs.push({ dir: root, entries: rootEntries });
  else {
    for (const name of dirNames(rootEntries)) {
      const dir = joinPath(root, name);
      const entries = listDir(source, dir, diagnostics);
      if (!entries) continue;
      if (hasFile(entries, DEPARTMENT_FILE)) packDirs.push({ dir, entries });
      else if (dirNames(entries).some((t) => safeList(source, joinPath(dir, t)).some((e) => e.kind === 'file' && e.name === TEMPLATE_FILE))) {
        diagnostics.push({ file: joinPath(dir, DEPARTMENT_FILE), line: 1, column: 1, message: `missing: the pack ${name} has templates but no ${DEPARTMENT_FILE}` });
      }
    }
  }

  for (const { dir, entries } of packDirs) {
    const dept = loadDepartment(source, dir, entries, options, diagnostics);
    if (dept) departments.push(dept);
  }
  departments.sort((a, b) => a.id.localeCompare(b.id));
  // By file, then place: the order a reader fixes them in, whatever order the folders were listed.
  diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { departments, diagnostics };
}

function loadDepartment(source: PackSource, dir: string, entries: PackEntry[], options: LoadOptions, diagnostics: Diagnostic[]): Department | undefined {
  const file = joinPath(dir, DEPARTMENT_FILE);
  const text = readText(source, file, diagnostics);
  const parsed = text === undefined ? undefined : parseYamlFile(file, text, DepartmentSchema);
  const own: Diagnostic[] = parsed ? [...parsed.diagnostics] : [];
  const folder = baseName(dir);
  if (parsed?.value && folder && parsed.value.id !== folder) {
    own.push(parsed.diagnostic(['id'], `id "${parsed.value.id}" must match the folder name "${folder}"`));
  }

  // Templates are loaded (and reported) even when department.yaml is broken, so one lint run shows everything.
  const id = parsed?.value?.id ?? folder;
  const templates: Template[] = [];
  const templateDiagnostics: Diagnostic[] = [];
  for (const name of dirNames(entries)) {
    if (RESERVED.has(name)) continue;
    const tdir = joinPath(dir, name);
    const tentries = listDir(source, tdir, templateDiagnostics);
    if (!tentries || !hasFile(tentries, TEMPLATE_FILE)) continue;
    const template = loadTemplate(source, id, tdir, tentries, options, templateDiagnostics);
    if (template) templates.push(template);
  }
  diagnostics.push(...own, ...templateDiagnostics);
  if (!parsed?.value || own.length) return undefined;
  return { ...parsed.value, dir, file, templates };
}

function loadTemplate(
  source: PackSource,
  department: string,
  dir: string,
  entries: PackEntry[],
  options: LoadOptions,
  diagnostics: Diagnostic[],
): Template | undefined {
  const file = joinPath(dir, TEMPLATE_FILE);
  const text = readText(source, file, diagnostics);
  if (text === undefined) return undefined;
  const parsed = parseYamlFile(file, text, TemplateSchema);
  const own: Diagnostic[] = [...parsed.diagnostics];
  const spec = parsed.value;
  if (!spec) {
    diagnostics.push(...own);
    return undefined;
  }
  const folder = baseName(dir);
  if (folder && spec.id !== folder) own.push(parsed.diagnostic(['id'], `id "${spec.id}" must match the folder name "${folder}"`));

  const files = new Set(entries.filter((e) => e.kind === 'file').map((e) => e.name));
  for (const name of files) {
    const m = /^body\.(.+)\.(md|docx)$/.exec(name);
    if (!m) continue;
    const lang = m[1];
    if (!(LANGS as readonly string[]).includes(lang)) {
      own.push({ file: joinPath(dir, name), line: 1, column: 1, message: `unknown language "${lang}"; bodies are named body.zh-HK.md, body.en.md or body.md` });
    } else if (!spec.languages.includes(lang as Lang)) {
      own.push({ file: joinPath(dir, name), line: 1, column: 1, message: `${lang} is not listed under languages: in ${TEMPLATE_FILE}` });
    }
  }

  const bodies: Partial<Record<Lang, Body>> = {};
  const reported = new Set<string>();
  const report = (d: Diagnostic) => {
    const key = formatDiagnostic(d);
    if (!reported.has(key)) own.push(d);
    reported.add(key);
  };
  spec.languages.forEach((lang, i) => {
    const md = [`body.${lang}.md`, 'body.md'].find((n) => files.has(n));
    const docxName = [`body.${lang}.docx`, 'body.docx'].find((n) => files.has(n));
    if (!md && !docxName) {
      report(parsed.diagnostic(['languages', i], `languages[${i}] is ${lang}, but there is no body.${lang}.md (or body.md) for it`));
      return;
    }
    let body: Body | undefined;
    if (md) {
      const bodyFile = joinPath(dir, md);
      const bodyText = readText(source, bodyFile, own);
      const tpl = bodyText === undefined ? undefined : checkedBody(bodyText, bodyFile, md, spec, parsed.diagnostic, report);
      if (tpl) body = { lang, file: bodyFile, template: tpl };
    }
    if (docxName) {
      const docxFile = joinPath(dir, docxName);
      const bytes = readBytes(source, docxFile, own);
      if (bytes && !options.docxText) {
        report({ file: docxFile, line: 1, column: 1, message: '.docx bodies need a .docx reader, which is not configured here; add a Markdown body or see templates/README.md' });
      } else if (bytes && options.docxText) {
        let docText: string | undefined;
        try {
          docText = options.docxText(bytes);
        } catch (err) {
          report({ file: docxFile, line: 1, column: 1, message: `cannot read the .docx: ${(err as Error).message}` });
        }
        const tpl = docText === undefined ? undefined : checkedBody(docText, docxFile, docxName, spec, parsed.diagnostic, report);
        // Only a body whose text is sound is tried by the filler, so one mistake is not reported twice.
        if (tpl && options.docxCheck) {
          let fillProblems: string[];
          try {
            fillProblems = options.docxCheck(bytes);
          } catch (err) {
            fillProblems = [(err as Error).message];
          }
          for (const message of fillProblems) report({ file: docxFile, line: 1, column: 1, message: `cannot be filled: ${message}` });
          if (fillProblems.length) return;
        }
        if (tpl) body = body ? { ...body, docx: { file: docxFile, bytes } } : { lang, file: docxFile, template: tpl, docx: { file: docxFile, bytes } };
      }
    }
    if (body) bodies[lang] = body;
  });

  diagnostics.push(...own);
  if (own.length) return undefined;
  return { ...spec, key: `${department}/${spec.id}`, department, dir, file, bodies };
}

function checkedBody(
  text: string,
  file: string,
  name: string,
  spec: TemplateSpec,
  atSpec: (path: readonly PropertyKey[], message: string) => Diagnostic,
  report: (d: Diagnostic) => void,
): BodyTemplate | undefined {
  const { body, problems } = parseBody(text);
  const checked = checkBody(spec, body, name);
  const all = [...problems, ...checked.body];
  for (const p of all.sort((a, b) => a.line - b.line || a.column - b.column)) report({ file, line: p.line, column: p.column, message: p.message });
  for (const p of checked.spec) report(atSpec(p.path, p.message));
  return all.length || checked.spec.length ? undefined : body;
}

/** Looks a template up by `<department>/<template>`. */
export function findTemplate(packs: LoadedPacks | readonly Department[], key: string): Template | undefined {
  const [dept, id] = key.split('/');
  return findDepartment(packs, dept)?.templates.find((t) => t.id === id);
}

export function findDepartment(packs: LoadedPacks | readonly Department[], id: string): Department | undefined {
  return departmentsOf(packs).find((d) => d.id === id);
}

/** Every template key, e.g. for "unknown template; known: …" messages. */
export function templateKeys(packs: LoadedPacks | readonly Department[]): string[] {
  return departmentsOf(packs).flatMap((d) => d.templates.map((t) => t.key));
}

function departmentsOf(packs: LoadedPacks | readonly Department[]): readonly Department[] {
  return 'departments' in packs ? packs.departments : packs;
}

function listDir(source: PackSource, dir: string, diagnostics: Diagnostic[]): PackEntry[] | undefined {
  try {
    return source.list(dir);
  } catch (err) {
    diagnostics.push({ file: dir || '.', line: 1, column: 1, message: `cannot read the folder: ${(err as Error).message}` });
    return undefined;
  }
}

function safeList(source: PackSource, dir: string): PackEntry[] {
  try {
    return source.list(dir);
  } catch {
    return [];
  }
}

function readText(source: PackSource, file: string, diagnostics: Diagnostic[]): string | undefined {
  try {
    return source.read(file);
  } catch (err) {
    diagnostics.push({ file, line: 1, column: 1, message: `cannot read the file: ${(err as Error).message}` });
    return undefined;
  }
}

function readBytes(source: PackSource, file: string, diagnostics: Diagnostic[]): Uint8Array | undefined {
  if (!source.readBinary) {
    diagnostics.push({ file, line: 1, column: 1, message: 'this pack source cannot read binary files, so the .docx body is skipped' });
    return undefined;
  }
  try {
    return source.readBinary(file);
  } catch (err) {
    diagnostics.push({ file, line: 1, column: 1, message: `cannot read the file: ${(err as Error).message}` });
    return undefined;
  }
}

function hasFile(entries: PackEntry[], name: string): boolean {
  return entries.some((e) => e.kind === 'file' && e.name === name);
}

/** Sub-folders in a stable order, hidden ones left out. */
function dirNames(entries: PackEntry[]): string[] {
  return entries
    .filter((e) => e.kind === 'dir' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}
