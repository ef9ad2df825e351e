/**
 * `wenshu draft --template DEPT/ID --field key=value... [--points "..."]... [--lang zh-HK|en] [--out FILE.md|FILE.docx]`
 *
 * The offline composer (no model) fills the template; the draft is checked by the same rules as `wenshu check
 * --template` before it is written. Without --out the Markdown goes to stdout; notices, composer warnings and
 * findings always go to stderr. Exit 0 (written, no error-level findings), 1 (written, with error-level findings),
 * 2 (bad input: unknown template, missing or invalid fields, an unwritable --out).
 * With --model NAME the draft is made by the gateway (--gateway URL, default $WENSHU_GATEWAY or
 * http://127.0.0.1:8787) through POST /v1/drafts, the same path as the task pane (draft-model.ts).
 */
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import { CLASSIFICATIONS, type Classification } from '../../core/checks';
import { checkerFor } from '../../core/checks/for-department';
import { insertedProvenance, newDraftId, type DraftProvenance } from '../../core/drafting/provenance-record';
import { classificationMarking, ComposeError, composeDraft, templateCheckContext } from '../../core/templates';
import { writtenSections } from '../../core/templates/compose';
import { fromMarkdown } from '../../core/text/document';
import { offlineProvenanceOf } from '../../gateway/drafting/provenance';
import { readDocxBytes } from '../../node/readers';
import { listOption, parse, stringOption } from '../args';
import { DocxTemplateError, fillDocx } from '../../core/templates/docx-fill';
import type { DocxFillValues } from '../../core/templates/compose';
import { markdownToDocx } from '../draft-docx';
import { withProvenance } from '../docx-provenance';
import { formatText } from '../format/text';
import { HELP } from '../help';
import { EXIT_FINDINGS, EXIT_OK, UsageError, useColour, type CliIO } from '../io';
import { messageLang } from '../lang';
import { requireTemplate, templatesDir } from '../packs';
import { locate } from '../report';
import { optionalLang } from './check';
import { describeModelDraft, draftThroughGateway, gatewayTarget } from './draft-model';

export async function draftCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('draft', args, {
    template: { type: 'string', short: 't' },
    templates: { type: 'string' },
    field: { type: 'string', multiple: true },
    points: { type: 'string', multiple: true },
    lang: { type: 'string' },
    classification: { type: 'string' },
    date: { type: 'string' },
    out: { type: 'string', short: 'o' },
    model: { type: 'string', short: 'm' },
    gateway: { type: 'string' },
    'api-key-env': { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(HELP.draft);
    return EXIT_OK;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (fields are given as --field key=value; see wenshu help draft)`);
  const key = stringOption(values, 'template');
  if (!key) throw new UsageError('draft needs --template DEPARTMENT/TEMPLATE (see wenshu templates list)');
  const draftLang = optionalLang(stringOption(values, 'lang'));
  const lang = messageLang(draftLang, io.env);
  const fields = parseFields(listOption(values, 'field'));
  const keyPoints = listOption(values, 'points').flatMap((p) => p.split('\n')).map((p) => p.trim()).filter(Boolean);
  const classification = parseClassification(stringOption(values, 'classification'));
  const today = parseToday(stringOption(values, 'date'));
  const out = stringOption(values, 'out');
  const outFormat = out ? outputFormat(out) : 'md';

  const { template, department } = requireTemplate(key, templatesDir(stringOption(values, 'templates'), io), io.cwd);
  if (draftLang && !template.languages.includes(draftLang)) {
    throw new UsageError(`${template.key} has no ${draftLang} version (languages: ${template.languages.join(', ')})`);
  }
  const modelName = stringOption(values, 'model');
  let draft: { markdown: string; lang: typeof template.languages[number]; classification: Classification; notice: { 'zh-HK': string; en: string }; warnings: Array<{ 'zh-HK': string; en: string }> };
  let notes: string[] = [];
  let gatewayFindings: import('../../core/checks/types').Finding[] = [];
  let provenance: DraftProvenance | undefined;
  // A filled .docx body: from the offline draft's values here, or as the gateway filled it with the model's text.
  let fill: DocxFillValues | undefined;
  let filled: Uint8Array | undefined;
  try {
    // The offline composer validates the fields in either case, so bad input is refused before any call.
    const composed = composeDraft({ template, department, fields, keyPoints, lang: draftLang, classification, today });
    draft = composed;
    fill = composed.fill;
  } catch (err) {
    if (err instanceof ComposeError) throw new UsageError(lang === 'zh-HK' ? err.zh : err.message);
    throw err;
  }
  if (modelName) {
    if (today) throw new UsageError('--date cannot be used with --model: the gateway dates drafts today');
    const target = gatewayTarget(io, stringOption(values, 'gateway'), stringOption(values, 'api-key-env'));
    const docxBody = outFormat === 'docx' && template.bodies[draft.lang]?.docx !== undefined;
    const made = await draftThroughGateway(target, { template: template.key, fields, keyPoints, lang: draft.lang, classification, model: modelName, ...(docxBody ? { format: 'docx' as const } : {}) });
    notes = describeModelDraft(made, lang);
    // The gateway's own verification findings (facts not in the inputs, citations …); the house rules run here.
    gatewayFindings = made.findings.filter((f) => f.ruleId.startsWith('drafting/'));
    draft = { markdown: made.text, lang: made.lang ?? draft.lang, classification: draft.classification, notice: made.notice ?? draft.notice, warnings: [] };
    provenance = made.provenance;
    fill = undefined;
    if (made.docx?.base64) filled = new Uint8Array(Buffer.from(made.docx.base64, 'base64'));
  }

  // The same check as `wenshu check --template`, on the text that will be written: the Markdown, or the .docx
  // as the .docx reader sees it (so that lines and columns are those `wenshu check FILE.docx` would report).
  // A template with a body.docx is filled (the department's letterhead, styles and layout kept); others give a
  // plain styled document from the Markdown.
  const docxBody = template.bodies[draft.lang]?.docx;
  if (outFormat === 'docx' && docxBody && fill && !filled) {
    try {
      filled = fillDocx(docxBody.bytes, fill);
    } catch (err) {
      if (err instanceof DocxTemplateError) throw new UsageError(`${docxBody.file}: cannot be filled: ${err.message} (see wenshu templates lint)`);
      throw err;
    }
  }
  const bytes =
    outFormat === 'docx'
      ? filled ?? (await markdownToDocx(draft.markdown, { lang: draft.lang, marking: classificationMarking(draft.classification, draft.lang), title: template.titles[draft.lang] }))
      : undefined;
  const read = bytes ? await readDocxBytes(bytes, out ?? 'draft.docx') : { model: fromMarkdown(draft.markdown), text: draft.markdown, format: 'md' as const };
  const checker = checkerFor(department, template);
  const findings = [...(bytes ? [] : gatewayFindings), ...checker.check(read.model, templateCheckContext(template, draft.lang, draft.classification))];
  // In a .docx the gateway's findings have no block to point at: they are listed as notes instead.
  if (bytes) for (const f of gatewayFindings) notes.push(`${f.ruleId}: ${f.message[lang]}`);
  const report = { path: out ?? `${template.key} (draft)`, format: read.format, findings: locate(read, findings) };

  if (out) {
    // A .docx keeps the draft's provenance as Word does when the add-in inserts one (see docx-provenance.ts).
    const officer = localUser();
    const record = bytes
      ? insertedProvenance(provenance ?? offlineProvenanceOf({ template, department, officer, sections: writtenSections(template, draft.lang), findings }), {
          draftId: newDraftId(),
          insertedBy: officer,
          host: 'wenshu-cli',
        })
      : undefined;
    try {
      await writeFile(path.resolve(io.cwd, out), bytes && record ? await withProvenance(bytes, record) : draft.markdown);
    } catch (err) {
      throw new UsageError(`${out}: cannot write the draft (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  } else {
    io.stdout.write(draft.markdown);
  }

  if (modelName) for (const n of notes) io.stderr.write(`${n}\n`);
  else io.stderr.write(`${draft.notice[lang]}\n`);
  for (const w of draft.warnings) io.stderr.write(`${lang === 'zh-HK' ? '注意' : 'note'}: ${w[lang]}\n`);
  io.stderr.write(formatText([report], { lang, colour: useColour(io.stderr, io.env) }));
  if (out) io.stderr.write(lang === 'zh-HK' ? `已寫入 ${out}\n` : `wrote ${out}\n`);
  return report.findings.some((f) => f.level === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

function parseFields(values: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field takes key=value (got "${v}")`);
    const k = v.slice(0, eq).trim();
    if (k in fields) throw new UsageError(`--field ${k} is given twice`);
    fields[k] = v.slice(eq + 1);
  }
  return fields;
}

function parseClassification(value: string | undefined): Classification | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toUpperCase().replace(/[_-]/g, ' ');
  const found = CLASSIFICATIONS.find((c) => c === v);
  if (!found) throw new UsageError(`unknown classification "${value}" (expected ${CLASSIFICATIONS.join(', ')})`);
  return found;
}

function parseToday(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T12:00:00+08:00`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${m![1]}-${m![2]}-${m![3]}`) {
    throw new UsageError(`--date takes a date as YYYY-MM-DD (got "${value}")`);
  }
  return date;
}

/** The local account name stands for the officer, as the gateway's user id does in the add-in. */
function localUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function outputFormat(out: string): 'md' | 'docx' {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.md' || ext === '.markdown' || ext === '.txt') return 'md';
  if (ext === '.docx') return 'docx';
  throw new UsageError(`--out must end in .md or .docx (got "${out}")`);
}
