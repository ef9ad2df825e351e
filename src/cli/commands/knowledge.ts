/**
 * `wenshu knowledge index [DEPT...]` and `wenshu knowledge search DEPT "query"`: the department knowledge index
 * (templates/<dept>/knowledge, plus templates/shared/knowledge), the same one the gateway searches.
 */
import * as path from 'node:path';
import { KnowledgeBase, SHARED_DEPARTMENT, type EmbeddingsConfig, type IndexSummary, type TermPair } from '../../gateway/knowledge';
import { isClassificationName } from '../../core/classification/markings';
import { CLASSIFICATIONS } from '../../core/checks/types';
import { parse, stringOption, suggest, type Parsed } from '../args';
import { HELP } from '../help';
import { EXIT_FINDINGS, EXIT_OK, paint, UsageError, useColour, type CliIO } from '../io';
import { loadPacks, templatesDir } from '../packs';

const COMMON = {
  templates: { type: 'string' },
  db: { type: 'string' },
  'embeddings-url': { type: 'string' },
  'embeddings-model': { type: 'string' },
  'embeddings-key-env': { type: 'string' },
  'embeddings-internal': { type: 'boolean' },
  'embeddings-max-classification': { type: 'string' },
} as const;

export const DEFAULT_KNOWLEDGE_DB = path.join('data', 'knowledge.db');

export async function knowledgeCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError('knowledge needs a subcommand: index, search (see wenshu help knowledge)');
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    io.stdout.write(HELP.knowledge);
    return EXIT_OK;
  }
  if (sub === 'index') return indexCommand(rest, io);
  if (sub === 'search') return searchCommand(rest, io);
  const near = suggest(sub, ['index', 'search']);
  throw new UsageError(`unknown knowledge command "${sub}"${near ? ` (did you mean ${near}?)` : ''} (wenshu knowledge index|search)`);
}

interface Opened {
  kb: KnowledgeBase;
  templates: string;
  db: string;
}

function open(values: Parsed['values'], io: CliIO): Opened {
  const templates = templatesDir(stringOption(values, 'templates'), io);
  const packs = loadPacks(templates, io.cwd);
  const glossaries = new Map<string, readonly TermPair[]>(packs.departments.map((d) => [d.id, d.glossary]));
  const db = stringOption(values, 'db') ?? DEFAULT_KNOWLEDGE_DB;
  const kb = new KnowledgeBase({ templatesDir: path.resolve(io.cwd, templates), dbPath: db === ':memory:' ? db : path.resolve(io.cwd, db), glossaries, embeddings: embeddingsOption(values, io) });
  return { kb, templates, db };
}

function embeddingsOption(values: Parsed['values'], io: CliIO): EmbeddingsConfig | undefined {
  const baseUrl = stringOption(values, 'embeddings-url');
  const model = stringOption(values, 'embeddings-model');
  if (!baseUrl && !model) return undefined;
  if (!baseUrl || !model) throw new UsageError('--embeddings-url and --embeddings-model go together');
  if (!/^https?:\/\//.test(baseUrl)) throw new UsageError(`--embeddings-url must be an http(s) URL, e.g. http://gpu01:8000/v1 (got "${baseUrl}")`);
  const keyEnv = stringOption(values, 'embeddings-key-env');
  const apiKey = keyEnv ? io.env[keyEnv] : undefined;
  if (keyEnv && !apiKey) throw new UsageError(`--embeddings-key-env names ${keyEnv}, which is not set`);
  // Gated like the gateway's: external (texts redacted) and cleared for UNCLASSIFIED unless told otherwise.
  const ceiling = stringOption(values, 'embeddings-max-classification') ?? 'UNCLASSIFIED';
  if (!isClassificationName(ceiling)) throw new UsageError(`--embeddings-max-classification must be one of ${CLASSIFICATIONS.join(', ')} (got "${ceiling}")`);
  return { baseUrl, model, apiKey, external: values['embeddings-internal'] !== true, maxClassification: ceiling };
}

async function checkDepartments(kb: KnowledgeBase, wanted: string[], templates: string): Promise<void> {
  const known = await kb.departmentsOnDisk();
  for (const d of wanted) {
    if (known.includes(d) || d === SHARED_DEPARTMENT) continue;
    const near = suggest(d, known);
    throw new UsageError(`no knowledge folder for department "${d}" (${path.join(templates, d, 'knowledge')})${near ? `; did you mean ${near}?` : ''}${known.length ? ` (departments with knowledge: ${known.join(', ')})` : ''}`);
  }
}

async function indexCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('knowledge', args, { ...COMMON, rebuild: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(HELP.knowledge);
    return EXIT_OK;
  }
  const { kb, templates, db } = open(values, io);
  try {
    await checkDepartments(kb, positionals, templates);
    const bar = io.stderr.isTTY === true && !io.env.CI ? progressBar(io) : undefined;
    const summary = await kb.refresh({ departments: positionals, rebuild: values.rebuild === true, onProgress: bar?.update });
    bar?.done();
    for (const s of summary.skipped) io.stderr.write(`wenshu: skipped ${path.join(templates, s.file)}: ${s.reason}\n`);
    io.stdout.write(summaryText(summary, db));
    return summary.skipped.length ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    kb.store.close();
  }
}

function summaryText(summary: IndexSummary, db: string): string {
  const lines: string[] = [];
  const width = Math.max(6, ...summary.departments.map((d) => d.department.length));
  for (const d of summary.departments) {
    lines.push(
      `${d.department.padEnd(width)}  ${String(d.files).padStart(4)} files  ${String(d.chunks).padStart(6)} passages  (${d.indexed} indexed, ${d.unchanged} unchanged, ${d.removed} removed, ${d.skipped} skipped)`,
    );
  }
  const t = summary.departments.reduce((a, d) => ({ files: a.files + d.files, chunks: a.chunks + d.chunks, indexed: a.indexed + d.indexed, removed: a.removed + d.removed }), { files: 0, chunks: 0, indexed: 0, removed: 0 });
  const embedded = summary.embedded ? `, ${summary.embedded} embedded` : '';
  lines.push(
    `${summary.rebuilt ? 'built' : 'updated'} ${db}: ${t.files} files, ${t.chunks} passages (${t.indexed} files indexed, ${t.removed} removed, ${summary.skipped.length} skipped${embedded}) in ${(summary.ms / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}

function progressBar(io: CliIO) {
  const columns = Math.max(40, Math.min(120, Number(io.env.COLUMNS) || 80));
  let last = 0;
  return {
    update({ done, total, file }: { done: number; total: number; file: string }) {
      const now = Date.now();
      if (done < total && now - last < 50) return;
      last = now;
      const width = 24;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const head = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} `;
      const room = columns - head.length - 1;
      const name = file.length > room ? `…${file.slice(file.length - room + 1)}` : file;
      io.stderr.write(`\r${head}${name}\u001b[K`);
    },
    done() {
      io.stderr.write('\r\u001b[K');
    },
  };
}

async function searchCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('knowledge', args, { ...COMMON, k: { type: 'string' }, format: { type: 'string' }, lexical: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(HELP.knowledge);
    return EXIT_OK;
  }
  const [department, ...words] = positionals;
  const query = words.join(' ').trim();
  if (!department || !query) throw new UsageError('usage: wenshu knowledge search DEPT "query" [--k N] [--format json]');
  const kText = stringOption(values, 'k');
  const k = kText === undefined ? 5 : Number(kText);
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new UsageError(`--k must be a whole number from 1 to 50 (got "${kText}")`);
  const format = stringOption(values, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}")`);
  const { kb, templates } = open(values, io);
  try {
    await checkDepartments(kb, [department], templates);
    // Bring the index up to date first (only changed files are read).
    const summary = await kb.refresh({ departments: [department] });
    if (summary.skipped.length) io.stderr.write(`wenshu: ${summary.skipped.length} knowledge file(s) skipped; see wenshu knowledge index ${department}\n`);
    const result = await kb.search(department, query, { k, mode: values.lexical ? 'lexical' : 'auto' });
    if (result.warning) io.stderr.write(`wenshu: ${result.warning}; showing lexical results\n`);
    if (result.lexicalOnly) io.stderr.write(`wenshu: not sent to the embeddings server (${result.lexicalOnly}); showing lexical results\n`);
    if (format === 'json') {
      const results = result.hits.map((h, i) => ({ rank: i + 1, score: round(h.score), file: h.file, title: h.title, heading: h.heading, id: h.id, lang: h.lang, shared: h.shared, classification: h.classification, text: h.text }));
      io.stdout.write(`${JSON.stringify({ department, query, mode: result.mode, results }, null, 2)}\n`);
      return EXIT_OK;
    }
    if (!result.hits.length) {
      io.stdout.write(`no passages found in the knowledge of ${department} for "${query}"\n`);
      return EXIT_OK;
    }
    const p = paint(useColour(io.stdout, io.env));
    const out: string[] = [];
    result.hits.forEach((h, i) => {
      out.push(`${p.bold(`[${i + 1}]`)} ${p.cyan(path.join(templates, h.file))}  ${p.dim(`score ${round(h.score)}${h.shared ? ', shared' : ''}${h.classification !== 'UNCLASSIFIED' ? `, ${h.classification}` : ''}`)}`);
      out.push(`    ${p.bold(h.title)}${h.heading ? ` › ${h.heading}` : ''}`);
      out.push(`    ${excerpt(h.text, 320)}`);
      out.push('');
    });
    io.stdout.write(`${out.join('\n')}`);
    return EXIT_OK;
  } finally {
    kb.store.close();
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function excerpt(text: string, max: number): string {
  const t = text.replace(/\s*\n\s*/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
