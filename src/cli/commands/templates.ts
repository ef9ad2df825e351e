/**
 * `wenshu templates lint [DIR]`: every pack under DIR validated; `file:line:column: message` lines on stdout,
 *   a summary on stderr; exit 0 when there are no problems, 1 when there are.
 * `wenshu templates list [--templates DIR] [--lang zh-HK|en] [--format text|json]`: the templates, one a line.
 * `wenshu templates schema`: the JSON Schema of department.yaml and template.yaml (templates/schema.json).
 */
import { formatDiagnostic, templatePackJsonSchemaText, type LoadedPacks } from '../../core/templates';
import { parse, stringOption, suggest } from '../args';
import { HELP } from '../help';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io';
import { messageLang } from '../lang';
import { templateVersion } from '../../gateway/drafting/provenance';
import { loadPacks, templatesDir } from '../packs';
import { optionalLang } from './check';

const SUBCOMMANDS = ['lint', 'list', 'schema'];

export async function templatesCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('templates', args, {
    templates: { type: 'string' },
    lang: { type: 'string' },
    format: { type: 'string' },
  });
  const [sub, ...rest] = positionals;
  if (values.help || sub === 'help') {
    io.stdout.write(HELP.templates);
    return EXIT_OK;
  }
  if (sub === undefined) throw new UsageError(`templates needs a subcommand: ${SUBCOMMANDS.join(', ')} (see wenshu help templates)`);
  if (!SUBCOMMANDS.includes(sub)) {
    const near = suggest(sub, SUBCOMMANDS);
    throw new UsageError(`unknown subcommand "templates ${sub}"${near ? ` (did you mean ${near}?)` : ''}; expected ${SUBCOMMANDS.join(', ')}`);
  }
  if (rest.length > (sub === 'lint' ? 1 : 0)) throw new UsageError(`unexpected argument "${rest[sub === 'lint' ? 1 : 0]}" (see wenshu help templates)`);
  const format = stringOption(values, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" for templates ${sub} (expected text, json)`);

  if (sub === 'schema') {
    io.stdout.write(templatePackJsonSchemaText());
    return EXIT_OK;
  }
  const dir = (sub === 'lint' ? rest[0] : undefined) ?? templatesDir(stringOption(values, 'templates'), io);
  const packs = loadPacks(dir, io.cwd);
  return sub === 'lint' ? lint(dir, packs, format, io) : list(packs, format, messageLang(optionalLang(stringOption(values, 'lang')), io.env), io);
}

function lint(dir: string, packs: LoadedPacks, format: string, io: CliIO): number {
  const templates = packs.departments.reduce((n, d) => n + d.templates.length, 0);
  const { diagnostics } = packs;
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ dir, departments: packs.departments.length, templates, diagnostics }, null, 2)}\n`);
  } else {
    for (const d of diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
    const counted = `${templates} template${templates === 1 ? '' : 's'} in ${packs.departments.length} department${packs.departments.length === 1 ? '' : 's'}`;
    io.stderr.write(
      diagnostics.length
        ? `${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in ${dir} (${counted} loaded)\n`
        : `${dir}: ${counted}, no problems\n`,
    );
  }
  return diagnostics.length ? EXIT_FINDINGS : EXIT_OK;
}

function list(packs: LoadedPacks, format: string, lang: 'zh-HK' | 'en', io: CliIO): number {
  const rows = packs.departments.flatMap((d) =>
    d.templates.map((t) => ({
      key: t.key,
      kind: t.kind,
      languages: t.languages,
      titles: t.titles,
      department: d.names,
      fields: t.fields.map((f) => ({ id: f.id, type: f.type, required: f.required, labels: f.labels })),
      // As GET /v1/templates gives them: the content hash drafts' provenance carries, the optional label, .docx bodies.
      version: { hash: templateVersion(t, d), ...(t.version ? { label: t.version } : {}) },
      docx: t.languages.filter((l) => t.bodies[l]?.docx),
    })),
  );
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ templates: rows }, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...rows.map((r) => r.key.length));
    for (const r of rows) io.stdout.write(`${r.key.padEnd(width)}  ${r.languages.join(',').padEnd(8)}  ${r.titles[lang]}\n`);
    if (!rows.length) io.stderr.write('no templates found\n');
  }
  if (packs.diagnostics.length) io.stderr.write(`${packs.diagnostics.length} problem(s) in the packs were skipped; see wenshu templates lint\n`);
  return EXIT_OK;
}
