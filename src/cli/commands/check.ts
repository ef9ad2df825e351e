/**
 * `wenshu check FILE... [--format text|json|sarif] [--rules SET,...] [--template DEPT/ID] [--lang zh-HK|en] [--fix]`
 * `wenshu check --pair ZH_FILE EN_FILE [--format ...] [--template DEPT/ID] [--rules SET,...]`: the bilingual check.
 */
import { copyFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { bilingualRuleSet, checkBilingual, splitBilingual, type BilingualFinding } from '../../core/bilingual';
import { BUILTIN_RULE_SET_IDS, builtinRuleSets, createChecker, UnknownRuleSetError, type Checker, type CheckContext, type Finding, type RuleSet } from '../../core/checks';
import { checkerFor, departmentRuleSet } from '../../core/checks/for-department';
import { templateCheckContext, type Department, type Template } from '../../core/templates';
import { DocumentReadError, readDocument, requireFormat, type ReadResult } from '../../node/readers';
import { listOption, parse, stringOption, suggest } from '../args';
import { applyTextFixes } from '../fix';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { formatText } from '../format/text';
import { HELP } from '../help';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, UsageError, useColour, type CliIO } from '../io';
import { detectLang, messageLang, parseLang, type Lang } from '../lang';
import { requireTemplate, templatesDir } from '../packs';
import { locate, type FileReport } from '../report';
import { packageVersion } from '../version';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('check', args, {
    format: { type: 'string', short: 'f' },
    rules: { type: 'string', multiple: true },
    template: { type: 'string', short: 't' },
    templates: { type: 'string' },
    lang: { type: 'string' },
    fix: { type: 'boolean' },
    pair: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(HELP.check);
    return EXIT_OK;
  }
  const format = parseFormat(stringOption(values, 'format') ?? 'text');
  const lang = messageLang(optionalLang(stringOption(values, 'lang')), io.env);
  const rules = parseRuleSets(listOption(values, 'rules'));
  const fix = values.fix === true;
  // The same file named twice is checked (and fixed) once.
  const seen = new Set<string>();
  const files = positionals.filter((f) => {
    const key = path.resolve(io.cwd, f);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (values.pair === true) return pairCommand(positionals, { format, lang, rules, fix, templateKey: stringOption(values, 'template'), templatesOption: stringOption(values, 'templates') }, io);
  if (!files.length) throw new UsageError('no files to check (usage: wenshu check FILE... ; see wenshu help check)');
  for (const file of files) {
    const f = requireFormat(file);
    if (fix && f !== 'txt' && f !== 'md') {
      throw new UsageError(`--fix writes .txt and .md files only; ${file} is a .${f} file (apply fixes to it in Word or Outlook with the add-in)`);
    }
  }

  const templateKey = stringOption(values, 'template');
  const found = templateKey ? requireTemplate(templateKey, templatesDir(stringOption(values, 'templates'), io), io.cwd) : undefined;
  const checker = makeChecker(rules, found?.department, found?.template);

  const reads = await readAll(files, io);
  if (!reads) return EXIT_BAD_INPUT;

  const contextFor = (read: ReadResult): CheckContext => {
    const docLang = detectLang(read.text);
    if (!found) return { lang: docLang, documentKind: read.format === 'eml' ? 'email' : undefined };
    const langs = found.template.languages as readonly Lang[];
    return templateCheckContext(found.template, langs.includes(docLang) ? docLang : langs[0]);
  };
  const checkOne = (file: string, read: ReadResult): FileReport => ({
    path: file,
    format: read.format,
    findings: locate(read, checker.check(read.model, contextFor(read))),
    ...(read.provenance ? { provenance: read.provenance } : {}),
  });

  const reports: FileReport[] = [];
  const notes: string[] = [];
  for (const { file, read } of reads) {
    let report = checkOne(file, read);
    if (fix) {
      const absolute = path.resolve(io.cwd, file);
      const result = applyTextFixes(read.text, report.findings);
      if (result.applied > 0) {
        try {
          await copyFile(absolute, `${absolute}.bak`);
          await writeFile(absolute, (read.bom ? '\ufeff' : '') + result.text, 'utf8');
        } catch (err) {
          io.stderr.write(`wenshu: ${file}: cannot write the fixed file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
          return EXIT_BAD_INPUT;
        }
        // Check what was written, as it is on disk now.
        report = checkOne(file, await readDocument(absolute));
      }
      report.fixesApplied = result.applied;
      notes.push(fixNote(file, result.applied, result.skipped, lang));
    }
    reports.push(report);
  }

  if (format === 'text') {
    for (const n of notes) io.stdout.write(`${n}\n`);
    io.stdout.write(formatText(reports, { lang, colour: useColour(io.stdout, io.env) }));
  } else {
    for (const n of notes) io.stderr.write(`${n}\n`);
    if (format === 'json') io.stdout.write(formatJson(reports));
    else io.stdout.write(formatSarif(reports, { lang, ruleSets: activeRuleSets(checker, found?.department), cwd: io.cwd, version: packageVersion() }));
  }
  return reports.some((r) => r.findings.some((f) => f.level === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

function fixNote(file: string, applied: number, skipped: number, lang: Lang): string {
  if (lang === 'zh-HK') {
    if (!applied) return `${file}：沒有可自動修正的問題，檔案未有改動`;
    return `${file}：已套用 ${applied} 項修正（原檔備份為 ${file}.bak）${skipped ? `，另有 ${skipped} 項與其他修正重疊，請再次檢查` : ''}`;
  }
  if (!applied) return `${file}: nothing to fix automatically; the file is unchanged`;
  const s = (n: number) => (n === 1 ? '' : 'es');
  return `${file}: applied ${applied} fix${s(applied)} (original kept as ${file}.bak)${skipped ? `; ${skipped} overlapping fix${s(skipped)} left for the next check` : ''}`;
}

function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown format "${value}" (expected ${FORMATS.join(', ')})`);
}

export function optionalLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const lang = parseLang(value);
  if (!lang) throw new UsageError(`unknown language "${value}" (expected zh-HK or en)`);
  return lang;
}

/** `--rules a,b --rules c` → [a, b, c], each a built-in rule set. */
function parseRuleSets(values: string[]): string[] | undefined {
  const ids = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  if (!values.length) return undefined;
  if (!ids.length) throw new UsageError('--rules needs at least one rule set');
  for (const id of ids) {
    if (!BUILTIN_RULE_SET_IDS.includes(id)) throw unknownRuleSet(id);
  }
  return [...new Set(ids)];
}

function unknownRuleSet(id: string): UsageError {
  const near = suggest(id, BUILTIN_RULE_SET_IDS);
  return new UsageError(`unknown rule set "${id}"${near ? ` (did you mean ${near}?)` : ''} (known: ${BUILTIN_RULE_SET_IDS.join(', ')})`);
}

function makeChecker(rules: string[] | undefined, department?: Department, template?: Template): Checker {
  try {
    return template ? checkerFor(department, template, rules) : createChecker({ ruleSets: rules });
  } catch (err) {
    if (err instanceof UnknownRuleSetError) throw unknownRuleSet(err.ruleSet);
    throw err;
  }
}

/** The rule sets a checker runs, for SARIF's rule descriptions. */
function activeRuleSets(checker: Checker, department?: Department): RuleSet[] {
  const builtins = builtinRuleSets();
  const extra = department ? departmentRuleSet(department) : undefined;
  return checker.ruleSetIds.map((id) => builtins.get(id) ?? (extra?.id === id ? extra : undefined)).filter((s): s is RuleSet => s !== undefined);
}

interface PairOptions {
  format: Format;
  lang: Lang;
  rules: string[] | undefined;
  fix: boolean;
  templateKey: string | undefined;
  templatesOption: string | undefined;
}

/**
 * `--pair ZH EN`: the bilingual consistency check of a Chinese and an English version (any readable formats), or
 * `--pair FILE` for the two halves of one bilingual document. Findings are reported in the file where the mismatch
 * shows, with line and column like any other; `--rules` adds those rule sets' findings on each file; `--template`
 * brings in the department's glossary. Exit 1 when any finding is an error.
 */
async function pairCommand(positionals: string[], options: PairOptions, io: CliIO): Promise<number> {
  if (options.fix) throw new UsageError('--fix cannot be used with --pair (fix each version on its own)');
  if (positionals.length < 1 || positionals.length > 2) {
    throw new UsageError(`--pair takes the Chinese and the English version (two files), or one bilingual document; got ${positionals.length} files`);
  }
  if (positionals.length === 2 && path.resolve(io.cwd, positionals[0]) === path.resolve(io.cwd, positionals[1])) {
    throw new UsageError(`--pair needs two different files (${positionals[0]} is named twice)`);
  }
  for (const file of positionals) requireFormat(file);
  const found = options.templateKey ? requireTemplate(options.templateKey, templatesDir(options.templatesOption, io), io.cwd) : undefined;
  const glossary = found?.department.glossary;
  const checker = options.rules ? makeChecker(options.rules, found?.department, found?.template) : undefined;

  const reads = await readAll(positionals, io);
  if (!reads) return EXIT_BAD_INPUT;

  const byFile = new Map<string, Finding[]>(reads.map((r) => [r.file, []]));
  if (reads.length === 1) {
    const { file, read } = reads[0];
    const halves = splitBilingual(read.model);
    if (!halves.zh.blocks.length || !halves.en.blocks.length) {
      throw new UsageError(`${file} has no ${halves.zh.blocks.length ? 'English' : 'Chinese'} paragraphs to compare (give the other version as a second file)`);
    }
    byFile.get(file)!.push(...checkBilingual(halves.zh, halves.en, { glossary }));
  } else {
    let [zh, en] = reads;
    const langs = reads.map((r) => detectLang(r.read.text));
    if (langs[0] === langs[1]) {
      const name = langs[0] === 'en' ? 'English' : 'Chinese';
      throw new UsageError(`--pair needs a Chinese and an English version; ${zh.file} and ${en.file} are both ${name}`);
    }
    // The versions may be given in either order.
    if (langs[0] === 'en') [zh, en] = [en, zh];
    const findings: BilingualFinding[] = checkBilingual(zh.read.model, en.read.model, { glossary });
    for (const f of findings) byFile.get(f.document === 'en' ? en.file : zh.file)!.push(f);
  }
  if (checker) {
    for (const { file, read } of reads) {
      const docLang = detectLang(read.text);
      const context: CheckContext = found ? templateCheckContext(found.template, (found.template.languages as readonly Lang[]).includes(docLang) ? docLang : found.template.languages[0]) : { lang: docLang };
      byFile.get(file)!.push(...checker.check(read.model, context));
    }
  }
  const reports: FileReport[] = reads.map(({ file, read }) => ({ path: file, format: read.format, findings: locate(read, byFile.get(file)!) }));

  if (options.format === 'text') io.stdout.write(formatText(reports, { lang: options.lang, colour: useColour(io.stdout, io.env) }));
  else if (options.format === 'json') io.stdout.write(formatJson(reports));
  else {
    const ruleSets = [bilingualRuleSet(), ...(checker ? activeRuleSets(checker, found?.department) : [])];
    io.stdout.write(formatSarif(reports, { lang: options.lang, ruleSets, cwd: io.cwd, version: packageVersion() }));
  }
  return reports.some((r) => r.findings.some((f) => f.level === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Every file is read before anything is checked or written: one unreadable file stops the run. Each problem is
 * one line on stderr; undefined then means exit 2.
 */
async function readAll(files: readonly string[], io: CliIO): Promise<Array<{ file: string; read: ReadResult }> | undefined> {
  const reads: Array<{ file: string; read: ReadResult }> = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      reads.push({ file, read: await readDocument(path.resolve(io.cwd, file)) });
    } catch (err) {
      if (!(err instanceof DocumentReadError)) throw err;
      problems.push(`${file}: ${err.reason}`);
    }
  }
  for (const p of problems) io.stderr.write(`wenshu: ${p}\n`);
  return problems.length ? undefined : reads;
}
