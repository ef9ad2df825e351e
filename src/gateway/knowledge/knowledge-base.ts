/**
 * The department knowledge base: finds the knowledge folders under the templates folder, keeps the index up to
 * date incrementally, and searches it within a department's scope.
 *
 *   templates/<department>/knowledge/**   that department's passages
 *   templates/shared/knowledge/**         every department's (so is any file with front matter `shared: true`)
 *
 * Indexing is incremental: a file whose size and modification time are unchanged is not read; one whose content
 * hash is unchanged is not re-chunked; each changed file is replaced in its own transaction, and the indexer
 * yields to the event loop between files, so a gateway keeps answering while it re-indexes.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { detectMarking, rankOf, stricterOf } from '../../core/classification/markings';
import type { Classification } from '../../core/checks/types';
import { redact } from '../policy/redaction';
import { chunkUnits, titleAndBody } from './chunker';
import { documentClassification, sidecarClassification, sidecarSignature, SidecarError } from './classification';
import { EmbeddingsClient, EmbeddingsError, reciprocalRankFusion, toBlob, VectorSet, type EmbeddingsConfig } from './embeddings';
import { GENERAL_TERMS, Glossary, readGlossaryFile, type TermPair } from './glossary';
import { isIgnoredName, isKnowledgeFile, KnowledgeFileError, KNOWLEDGE_EXTENSIONS, readKnowledgeFile } from './read';
import { KnowledgeStore, SHARED_TOKEN, type FileRow, type NewChunk } from './store';
import { analyze, queryTerms } from './tokenize';
import type { DepartmentSummary, Hit, IndexProgress, IndexSummary, SearchOptions, SearchResult, SkippedFile } from './types';

export const SHARED_DEPARTMENT = SHARED_TOKEN;
const KNOWLEDGE_DIR = 'knowledge';
const DEPARTMENT_ID = /^[a-z][a-z0-9-]*$/;
const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** The most query terms sent to FTS5 (the rarest are kept): bounds the work of a long query. */
const MAX_QUERY_TERMS = 32;
const MIN_QUERY_TERMS = 4;
/** Postings (passages containing a query term, summed over the terms) a query may touch beyond its rarest terms. */
const POSTINGS_BUDGET = 20_000;
/** Candidates each ranking contributes to the fusion in hybrid mode. */
const FUSION_DEPTH = 50;

export interface KnowledgeLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface KnowledgeBaseOptions {
  /** The folder of department packs (templates/). */
  templatesDir: string;
  /** The index file, or ':memory:'. */
  dbPath: string;
  /** The department glossaries (department.yaml), by department id. */
  glossaries?: ReadonlyMap<string, readonly TermPair[]> | ((department: string) => readonly TermPair[] | undefined);
  embeddings?: EmbeddingsConfig;
  log?: KnowledgeLogger;
}

export interface RefreshOptions {
  /** Only these departments (and the shared folder); default all. */
  departments?: readonly string[];
  /** Drop the index and read every file again. */
  rebuild?: boolean;
  onProgress?(progress: IndexProgress): void;
  signal?: AbortSignal;
}

interface DiskFile {
  abs: string;
  rel: string;
  department: string;
  size: number;
  mtimeMs: number;
  /** The sidecars' signature (see classification.ts). */
  metaSig: string;
}

export class KnowledgeBase {
  readonly store: KnowledgeStore;
  private readonly embedder?: EmbeddingsClient;
  private glossaryCache = new Map<string, Glossary>();
  private knowledgeGlossaries = new Map<string, TermPair[]>();
  private vectorCache = new Map<string, { generation: number; set: VectorSet }>();
  private running?: Promise<IndexSummary>;
  private lastSummary?: IndexSummary;
  readonly glossaryProblems: SkippedFile[] = [];

  constructor(readonly options: KnowledgeBaseOptions) {
    this.store = new KnowledgeStore(options.dbPath);
    if (options.embeddings) this.embedder = new EmbeddingsClient(options.embeddings);
    this.loadKnowledgeGlossaries();
  }

  get templatesDir(): string {
    return path.resolve(this.options.templatesDir);
  }

  /** True while a refresh is running. */
  get indexing(): boolean {
    return this.running !== undefined;
  }

  get hybrid(): boolean {
    return this.embedder !== undefined;
  }

  /** How the embeddings provider is gated: redacted when external; nothing above its ceiling is sent. */
  get embeddingsPolicy(): { external: boolean; maxClassification: Classification } | undefined {
    if (!this.embedder) return undefined;
    return { external: this.embedder.config.external !== false, maxClassification: this.embedder.config.maxClassification ?? 'UNCLASSIFIED' };
  }

  /** The text as the embeddings provider may receive it: redacted (the gate's redaction) when it is external. */
  private forEmbeddings(text: string): string {
    return this.embeddingsPolicy?.external ? redact(text).text : text;
  }

  get summary(): IndexSummary | undefined {
    return this.lastSummary;
  }

  /** Departments with a knowledge folder on disk (not "shared"). */
  async departmentsOnDisk(): Promise<string[]> {
    const entries = await readdir(this.templatesDir, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      if (!DEPARTMENT_ID.test(e.name) || e.name === SHARED_DEPARTMENT) continue;
      const dir = path.join(this.templatesDir, e.name, KNOWLEDGE_DIR);
      if (await isDirectory(dir)) out.push(e.name);
    }
    return out.sort();
  }

  /**
   * Brings the index up to date with the files. Only one refresh runs at a time: a second call while one is
   * running waits for it (and then runs, if it asked for other departments or a rebuild).
   */
  async refresh(options: RefreshOptions = {}): Promise<IndexSummary> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.doRefresh(options);
    this.running = run;
    try {
      const summary = await run;
      this.lastSummary = summary;
      return summary;
    } finally {
      this.running = undefined;
    }
  }

  /** Waits for a running refresh, if any. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }

  private async doRefresh(options: RefreshOptions): Promise<IndexSummary> {
    const started = performance.now();
    const generation = this.store.generation;
    const wanted = options.departments?.length ? [...new Set([...options.departments, SHARED_DEPARTMENT])] : undefined;
    if (options.rebuild) {
      if (wanted) for (const d of wanted) for (const f of this.store.files(d)) this.store.removeFile(f.path);
      else this.store.clear();
    }
    const rebuilt = options.rebuild === true || this.store.files().length === 0;
    const onDisk = await this.departmentsOnDisk();
    const departments = (wanted ?? [...onDisk, SHARED_DEPARTMENT]).filter((d) => d === SHARED_DEPARTMENT || DEPARTMENT_ID.test(d));
    this.loadKnowledgeGlossaries();

    const skipped: SkippedFile[] = [...this.glossaryProblems];
    const disk: DiskFile[] = [];
    for (const department of departments) {
      const root = path.join(this.templatesDir, department, KNOWLEDGE_DIR);
      if (!(await isDirectory(root))) continue;
      await this.walk(root, department, disk, skipped);
    }
    const summaries = new Map<string, DepartmentSummary>();
    const summaryOf = (department: string) => {
      let s = summaries.get(department);
      if (!s) summaries.set(department, (s = { department, files: 0, indexed: 0, unchanged: 0, removed: 0, skipped: 0, chunks: 0 }));
      return s;
    };
    for (const d of departments) if (d === SHARED_DEPARTMENT ? disk.some((f) => f.department === d) : onDisk.includes(d) || this.store.files(d).length) summaryOf(d);

    // Files that are gone (or whose department is gone, in a full refresh).
    const onDiskPaths = new Set(disk.map((f) => f.rel));
    const known = wanted ? wanted.flatMap((d) => this.store.files(d)) : this.store.files();
    for (const row of known) {
      if (onDiskPaths.has(row.path)) continue;
      this.store.removeFile(row.path);
      summaryOf(row.department).removed++;
    }

    const byPath = new Map(known.map((r) => [r.path, r]));
    disk.sort((a, b) => a.rel.localeCompare(b.rel));
    let done = 0;
    for (const file of disk) {
      if (options.signal?.aborted) break;
      const s = summaryOf(file.department);
      s.files++;
      const outcome = await this.indexFile(file, byPath.get(file.rel));
      if (outcome.kind === 'skipped') {
        s.skipped++;
        skipped.push({ file: file.rel, reason: outcome.reason });
      } else if (outcome.kind === 'indexed') s.indexed++;
      else s.unchanged++;
      s.chunks += outcome.chunks;
      options.onProgress?.({ done: ++done, total: disk.length, file: file.rel });
      await yieldToLoop();
    }
    if (this.store.generation !== generation || rebuilt) this.store.recomputeTermFrequencies();
    const embedded = options.signal?.aborted ? 0 : await this.embedMissing(options.signal);
    const summary: IndexSummary = {
      departments: [...summaries.values()].sort((a, b) => a.department.localeCompare(b.department)),
      skipped,
      embedded,
      ms: Math.round(performance.now() - started),
      rebuilt,
    };
    return summary;
  }

  private async walk(dir: string, department: string, out: DiskFile[], skipped: SkippedFile[], seen = new Set<string>()): Promise<void> {
    // Folders are followed through symbolic links, each once (a link loop ends here).
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(real) || seen.size > 10_000) return;
    seen.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ file: this.rel(dir), reason: `cannot list the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      return;
    }
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const abs = path.join(dir, e.name);
      let st;
      try {
        st = await stat(abs);
      } catch (err) {
        skipped.push({ file: this.rel(abs), reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
        continue;
      }
      if (st.isDirectory()) {
        await this.walk(abs, department, out, skipped, seen);
        continue;
      }
      if (!st.isFile()) continue;
      out.push({ abs, rel: this.rel(abs), department, size: st.size, mtimeMs: Math.floor(st.mtimeMs), metaSig: await sidecarSignature(abs) });
    }
  }

  private rel(abs: string): string {
    return path.relative(this.templatesDir, abs).split(path.sep).join('/');
  }

  private async indexFile(file: DiskFile, known: FileRow | undefined): Promise<{ kind: 'indexed' | 'unchanged'; chunks: number } | { kind: 'skipped'; reason: string; chunks: 0 }> {
    const sameMeta = known?.meta_sig === file.metaSig;
    if (known && known.size === file.size && known.mtime_ms === file.mtimeMs && known.department === file.department && sameMeta) {
      return known.error ? { kind: 'skipped', reason: known.error, chunks: 0 } : { kind: 'unchanged', chunks: known.chunks };
    }
    const record = (error: string, hash = '') => {
      this.store.replaceFile({ path: file.rel, department: file.department, size: file.size, mtime_ms: file.mtimeMs, hash, title: null, error, classification: 'UNCLASSIFIED', meta_sig: file.metaSig }, []);
      return { kind: 'skipped' as const, reason: error, chunks: 0 as const };
    };
    if (!isKnowledgeFile(file.abs)) {
      return record(`unsupported file type ${path.extname(file.abs) || '(no extension)'} (knowledge files are ${KNOWLEDGE_EXTENSIONS.filter((e) => e !== '.markdown' && e !== '.text').join(', ')})`);
    }
    if (file.size > MAX_FILE_BYTES) return record(`is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    let bytes: Buffer;
    try {
      bytes = await readFile(file.abs);
    } catch (err) {
      return { kind: 'skipped', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, chunks: 0 };
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (known && known.hash === hash && known.department === file.department && !known.error && sameMeta) {
      this.store.touchFile(file.rel, file.size, file.mtimeMs);
      return { kind: 'unchanged', chunks: known.chunks };
    }
    let chunks: NewChunk[];
    let title: string;
    let classification: Classification;
    try {
      const doc = await readKnowledgeFile(file.abs, file.rel, bytes);
      classification = documentClassification(doc, [await sidecarClassification(file.abs)]);
      const body = titleAndBody(doc, path.basename(file.abs).replace(/\.[^.]+$/, ''));
      title = body.title;
      const drafts = chunkUnits(body.units);
      if (!drafts.length) throw new KnowledgeFileError(file.rel, 'has no text');
      const headCache = new Map<string, string>();
      chunks = drafts.map((c) => {
        const heading = c.headings.join(' › ');
        let head = headCache.get(heading);
        if (head === undefined) {
          const t = analyze(`${title} ${c.headings.join(' ')}`);
          head = [...t.words, ...t.grams].join(' ');
          headCache.set(heading, head);
        }
        const t = analyze(c.text);
        return { seq: c.seq, title, heading, text: c.text, lang: c.lang, shared: doc.shared === true, head, body: t.words.join(' '), grams: t.grams.join(' ') };
      });
    } catch (err) {
      const reason = err instanceof KnowledgeFileError ? err.reason : err instanceof SidecarError ? err.message : `cannot be indexed (${(err as Error).message.split('\n')[0]})`;
      return record(reason, hash);
    }
    this.store.replaceFile({ path: file.rel, department: file.department, size: file.size, mtime_ms: file.mtimeMs, hash, title, error: null, classification, meta_sig: file.metaSig }, chunks);
    return { kind: 'indexed', chunks: chunks.length };
  }

  /**
   * Gives every passage without a vector from the configured model one; a failing server stops this run only.
   * Passages of files above the provider's ceiling are never sent (they stay lexical only); for an external
   * provider each text is redacted first.
   */
  private async embedMissing(signal?: AbortSignal): Promise<number> {
    if (!this.embedder) return 0;
    const ceiling = this.embeddingsPolicy!.maxClassification;
    const batch = this.embedder.config.batchSize ?? 32;
    let n = 0;
    const failed = new Set<number>();
    for (;;) {
      if (signal?.aborted) break;
      const rows = this.store.needingEmbeddings(this.embedder.model, ceiling, batch + failed.size).filter((r) => !failed.has(r.id)).slice(0, batch);
      if (!rows.length) break;
      try {
        const vectors = await this.embedder.embed(rows.map((r) => this.forEmbeddings(embeddingText(r))), { signal });
        this.store.setEmbeddings(
          this.embedder.model,
          rows.map((r, i) => ({ id: r.id, vector: toBlob(vectors[i]) })),
        );
        n += rows.length;
      } catch (err) {
        this.options.log?.warn({ reason: (err as Error).message }, 'knowledge: embeddings could not be computed; dense retrieval uses the passages embedded so far');
        break;
      }
      await yieldToLoop();
    }
    return n;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Search

  /** The glossary used to expand a department's queries. */
  glossary(department: string): Glossary {
    let g = this.glossaryCache.get(department);
    if (!g) {
      const source = this.options.glossaries;
      const own = (typeof source === 'function' ? source(department) : source?.get(department)) ?? [];
      g = new Glossary([...own, ...(this.knowledgeGlossaries.get(department) ?? []), ...(this.knowledgeGlossaries.get(SHARED_DEPARTMENT) ?? []), ...GENERAL_TERMS]);
      this.glossaryCache.set(department, g);
    }
    return g;
  }

  private loadKnowledgeGlossaries() {
    const next = new Map<string, TermPair[]>();
    this.glossaryProblems.length = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.templatesDir);
    } catch {
      // no templates folder: no glossaries
    }
    for (const name of names) {
      if (!DEPARTMENT_ID.test(name)) continue;
      for (const file of ['glossary.yaml', 'glossary.yml']) {
        const abs = path.join(this.templatesDir, name, KNOWLEDGE_DIR, file);
        const { pairs, problem } = readGlossaryFile(abs);
        if (problem) this.glossaryProblems.push({ file: this.rel(abs), reason: problem });
        if (pairs.length) next.set(name, [...(next.get(name) ?? []), ...pairs]);
      }
    }
    this.knowledgeGlossaries = next;
    this.glossaryCache.clear();
  }

  /**
   * The terms a query is searched with: its own and those of its glossary expansions, rarest first. Common terms
   * are pruned: the rarest MIN_QUERY_TERMS always stay; after them a term is added only while the posting lists
   * stay within POSTINGS_BUDGET and the term is in fewer than half of the passages (BM25 gives such a term an
   * inverse document frequency of about 0, but FTS5 would still score every passage that has it).
   */
  terms(department: string, query: string): string[] {
    const expansions = this.glossary(department).expand(query);
    const all = new Set(queryTerms(query));
    for (const e of expansions) for (const t of queryTerms(e)) all.add(t);
    const { map, n } = this.store.documentFrequencies();
    const ranked = [...all].map((t) => ({ t, df: map.get(t) ?? 0 })).sort((a, b) => a.df - b.df || a.t.localeCompare(b.t));
    const kept: string[] = [];
    let postings = 0;
    for (const { t, df } of ranked) {
      if (kept.length >= MAX_QUERY_TERMS) break;
      if (kept.length >= MIN_QUERY_TERMS && (postings + df > POSTINGS_BUDGET || df > n / 2)) break;
      kept.push(t);
      postings += df;
    }
    return kept;
  }

  /** Lexical (BM25) search; synchronous. */
  searchLexical(department: string, query: string, k = 5): Hit[] {
    return this.lexicalIds(department, query, k)
      .map((r) => this.store.hit(r.id, department, r.score))
      .filter((h): h is Hit => h !== undefined);
  }

  private lexicalIds(department: string, query: string, k: number): Array<{ id: number; score: number }> {
    const terms = this.terms(department, query);
    return this.store.searchIds(department, terms, Math.max(1, Math.min(k, 200)));
  }

  /**
   * Hybrid when embeddings are configured (and the server answers), lexical otherwise. The query is an outbound
   * text like any other: it goes to the embeddings provider only when the request's classification (and any
   * marking in the query) is within the provider's ceiling, and redacted when the provider is external.
   */
  async search(department: string, query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const k = Math.max(1, Math.min(options.k ?? 5, 50));
    if (!query.trim()) return { mode: 'lexical', hits: [] };
    if (!this.embedder || options.mode === 'lexical') return { mode: 'lexical', hits: this.searchLexical(department, query, k) };
    const policy = this.embeddingsPolicy!;
    const level = stricterOf(options.classification ?? 'UNCLASSIFIED', detectMarking(query));
    if (rankOf(level) > rankOf(policy.maxClassification)) {
      return { mode: 'lexical', lexicalOnly: `the query is ${level}; the embeddings provider is cleared for ${policy.maxClassification} only`, hits: this.searchLexical(department, query, k) };
    }
    const lexical = this.lexicalIds(department, query, Math.max(k, FUSION_DEPTH));
    let dense: Array<{ id: number; score: number }>;
    try {
      const [v] = await this.embedder.embed([this.forEmbeddings(query)], { timeoutMs: this.embedder.config.timeoutMs ?? 3_000 });
      dense = this.vectorsOf(department).nearest(v, Math.max(k, FUSION_DEPTH));
    } catch (err) {
      const warning = err instanceof EmbeddingsError ? err.message : `embeddings failed (${(err as Error).message})`;
      this.options.log?.warn({ reason: warning }, 'knowledge: dense retrieval unavailable; lexical results only');
      return { mode: 'lexical', warning, hits: lexical.slice(0, k).map((r) => this.store.hit(r.id, department, r.score)).filter((h): h is Hit => h !== undefined) };
    }
    // A passage kept from the embeddings provider (its file is above the ceiling) has no dense rank: it takes its
    // lexical rank there too, so being classified does not bury it below passages both rankings saw.
    const vectors = this.vectorsOf(department);
    const fused = reciprocalRankFusion([lexical.map((r) => r.id), dense.map((r) => r.id), lexical.map((r) => (vectors.has(r.id) ? -1 : r.id))]).filter((f) => f.id !== -1);
    const hits: Hit[] = [];
    for (const f of fused) {
      const h = this.store.hit(f.id, department, Math.round(f.score * 1e5) / 1e5);
      if (h) hits.push(h);
      if (hits.length >= k) break;
    }
    return { mode: 'hybrid', hits };
  }

  private vectorsOf(department: string): VectorSet {
    const cached = this.vectorCache.get(department);
    if (cached && cached.generation === this.store.generation) return cached.set;
    const set = VectorSet.from(this.store.vectors(department, this.embedder!.model, this.embeddingsPolicy!.maxClassification));
    this.vectorCache.set(department, { generation: this.store.generation, set });
    return set;
  }

  /** Waits for a running refresh to stop (it is asked to by the signal the caller passed) and closes the index. */
  async close(): Promise<void> {
    await this.idle();
    this.store.close();
  }
}

function embeddingText(r: { title: string; heading: string; text: string }): string {
  return `${r.title}${r.heading ? ` — ${r.heading}` : ''}\n${r.text}`;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
