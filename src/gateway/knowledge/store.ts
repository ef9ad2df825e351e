/**
 * The knowledge index: its own SQLite file (data/knowledge.db beside the gateway's store by default), not
 * the audit store. It is derived data, rebuilt from templates/ at will, and indexing writes in bursts that
 * should never hold the lock the audit trail and quota counters need on every request; a separate file also
 * keeps the audit database small for backups, and lets `wenshu knowledge index` run while the gateway serves
 * (WAL: readers never wait for the writer).
 *
 * Passages are kept in `chunks`; their terms (analysed by tokenize.ts, joined by spaces) in a contentless FTS5
 * table with the `ascii` tokenizer, whose rowid is the chunk's id:
 *   scope  the department token ("d" + hex of the id) and "shared" for shared passages: every query is
 *          ANDed with the caller's scope, so another department's passages are never even candidates;
 *   head   title and heading trail; body  words and stems; grams  Chinese character bigrams.
 * BM25 weights the columns (scope 0).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ANALYZER_VERSION } from './tokenize';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import type { ChunkLang, Hit } from './types';

/** 3: files and passages carry a classification; a file's sidecar is part of its signature. */
export const SCHEMA_VERSION = '3';

/** BM25 column weights: scope, head, body, grams. */
export const WEIGHTS = [0, 1.0, 1.0, 1.0] as const;

export const SHARED_TOKEN = 'shared';

/** The scope token of a department: "d" + the id in hex (FTS5's ascii tokenizer would split "a-b"). */
export function scopeToken(department: string): string {
  return `d${Buffer.from(department, 'utf8').toString('hex')}`;
}

export interface FileRow {
  path: string;
  department: string;
  size: number;
  mtime_ms: number;
  hash: string;
  title: string | null;
  chunks: number;
  error: string | null;
  /** The file's classification (the strictest of its marking, front matter and sidecar). */
  classification: Classification;
  /** Size and modification time of the file's sidecar(s) ("" when none): a changed sidecar re-reads the file. */
  meta_sig: string;
}

export interface NewChunk {
  seq: number;
  title: string;
  heading: string;
  text: string;
  lang: ChunkLang;
  shared: boolean;
  head: string;
  body: string;
  grams: string;
}

interface ChunkRow {
  id: number;
  path: string;
  department: string;
  shared: number;
  seq: number;
  title: string;
  heading: string;
  text: string;
  lang: string;
  class_rank: number;
}

export class KnowledgeStore {
  readonly db: Database.Database;
  private readonly stmts: ReturnType<KnowledgeStore['prepare']>;
  /** Bumped on every change, so caches (vectors, counts) know when to reload. */
  generation = 0;

  constructor(
    readonly path: string,
    options: { readonly?: boolean } = {},
  ) {
    const memory = path === ':memory:';
    if (!memory && !options.readonly) mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(memory ? path : resolve(path), { timeout: 10_000, readonly: options.readonly === true });
    try {
      if (!options.readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        this.init();
      }
      this.stmts = this.prepare();
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  private init() {
    this.db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    const version = this.db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'version'`).get()?.value;
    const want = `${SCHEMA_VERSION}/${ANALYZER_VERSION}`;
    if (version === want) return;
    // Another schema or analyser: the index is derived data, so it is dropped and rebuilt from the files.
    this.db
      .transaction(() => {
        // Another process may have done it while this one waited for the lock.
        if (this.db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'version'`).get()?.value === want) return;
        this.db.exec(`
          DROP TABLE IF EXISTS chunks_vocab;
          DROP TABLE IF EXISTS term_df;
          DROP TABLE IF EXISTS chunks_fts;
          DROP TABLE IF EXISTS chunks;
          DROP TABLE IF EXISTS files;
          CREATE TABLE files (
            path       TEXT PRIMARY KEY,
            department TEXT NOT NULL,
            size       INTEGER NOT NULL,
            mtime_ms   INTEGER NOT NULL,
            hash       TEXT NOT NULL,
            title      TEXT,
            chunks     INTEGER NOT NULL DEFAULT 0,
            error      TEXT,
            classification TEXT NOT NULL DEFAULT 'UNCLASSIFIED',
            meta_sig   TEXT NOT NULL DEFAULT '',
            indexed_at TEXT NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE chunks (
            id              INTEGER PRIMARY KEY,
            path            TEXT NOT NULL,
            department      TEXT NOT NULL,
            shared          INTEGER NOT NULL,
            seq             INTEGER NOT NULL,
            title           TEXT NOT NULL,
            heading         TEXT NOT NULL,
            text            TEXT NOT NULL,
            lang            TEXT NOT NULL,
            -- 0 UNCLASSIFIED .. 4 TOP SECRET: the embeddings provider's ceiling is compared in SQL.
            class_rank      INTEGER NOT NULL,
            embedding       BLOB,
            embedding_model TEXT
          );
          CREATE INDEX chunks_by_path ON chunks (path, seq);
          CREATE INDEX chunks_by_scope ON chunks (department, shared);
          CREATE VIRTUAL TABLE chunks_fts USING fts5 (scope, head, body, grams, content = '', contentless_delete = 1, tokenize = 'ascii', detail = full);
          CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab (chunks_fts, 'row');
          -- Document frequencies of the common terms (recomputed after indexing), for pruning queries: a term
          -- found in a large share of the passages adds almost nothing to BM25 but costs a long posting list.
          CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        `);
        this.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)`).run(want);
      })
      .immediate();
  }

  private prepare() {
    const db = this.db;
    return {
      filesOf: db.prepare<[string], FileRow>(`SELECT path, department, size, mtime_ms, hash, title, chunks, error, classification, meta_sig FROM files WHERE department = ?`),
      allFiles: db.prepare<[], FileRow>(`SELECT path, department, size, mtime_ms, hash, title, chunks, error, classification, meta_sig FROM files`),
      file: db.prepare<[string], FileRow>(`SELECT path, department, size, mtime_ms, hash, title, chunks, error, classification, meta_sig FROM files WHERE path = ?`),
      chunkIdsOf: db.prepare<[string], { id: number }>(`SELECT id FROM chunks WHERE path = ?`),
      deleteFts: db.prepare<[number]>(`DELETE FROM chunks_fts WHERE rowid = ?`),
      deleteChunks: db.prepare<[string]>(`DELETE FROM chunks WHERE path = ?`),
      deleteFile: db.prepare<[string]>(`DELETE FROM files WHERE path = ?`),
      upsertFile: db.prepare(
        `INSERT INTO files (path, department, size, mtime_ms, hash, title, chunks, error, classification, meta_sig, indexed_at)
           VALUES (@path, @department, @size, @mtime_ms, @hash, @title, @chunks, @error, @classification, @meta_sig, @indexed_at)
         ON CONFLICT (path) DO UPDATE SET department = excluded.department, size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash, title = excluded.title,
           chunks = excluded.chunks, error = excluded.error, classification = excluded.classification, meta_sig = excluded.meta_sig, indexed_at = excluded.indexed_at`,
      ),
      touchFile: db.prepare<[number, number, string]>(`UPDATE files SET size = ?, mtime_ms = ? WHERE path = ?`),
      insertChunk: db.prepare(
        `INSERT INTO chunks (path, department, shared, seq, title, heading, text, lang, class_rank) VALUES (@path, @department, @shared, @seq, @title, @heading, @text, @lang, @class_rank)`,
      ),
      insertFts: db.prepare<[number | bigint, string, string, string, string]>(`INSERT INTO chunks_fts (rowid, scope, head, body, grams) VALUES (?, ?, ?, ?, ?)`),
      commonTerms: db.prepare<[], { term: string; df: number }>(`SELECT term, df FROM term_df`),
      count: db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM chunks`),
      search: db.prepare<[number, number, number, string, number], { id: number; score: number }>(
        `SELECT rowid AS id, bm25(chunks_fts, 0.0, ?, ?, ?) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score LIMIT ?`,
      ),
      chunk: db.prepare<[number], ChunkRow>(`SELECT id, path, department, shared, seq, title, heading, text, lang, class_rank FROM chunks WHERE id = ?`),
      // Only passages at or below the embeddings provider's ceiling are ever sent to it.
      needEmbedding: db.prepare<[string, number, number], { id: number; title: string; heading: string; text: string }>(
        `SELECT id, title, heading, text FROM chunks WHERE embedding_model IS NOT ? AND class_rank <= ? ORDER BY id LIMIT ?`,
      ),
      setEmbedding: db.prepare<[Buffer, string, number]>(`UPDATE chunks SET embedding = ?, embedding_model = ? WHERE id = ?`),
      vectors: db.prepare<[string, string, number], { id: number; embedding: Buffer }>(
        `SELECT id, embedding FROM chunks WHERE (department = ? OR shared = 1) AND embedding_model = ? AND embedding IS NOT NULL AND class_rank <= ?`,
      ),
      departments: db.prepare<[], { department: string; files: number; chunks: number }>(
        `SELECT department, COUNT(*) AS files, SUM(chunks) AS chunks FROM files GROUP BY department ORDER BY department`,
      ),
    };
  }

  files(department?: string): FileRow[] {
    return department === undefined ? this.stmts.allFiles.all() : this.stmts.filesOf.all(department);
  }

  file(path: string): FileRow | undefined {
    return this.stmts.file.get(path);
  }

  departments(): Array<{ department: string; files: number; chunks: number }> {
    return this.stmts.departments.all();
  }

  chunkCount(): number {
    return this.stmts.count.get()?.n ?? 0;
  }

  private removeChunks(path: string) {
    for (const { id } of this.stmts.chunkIdsOf.all(path)) this.stmts.deleteFts.run(id);
    this.stmts.deleteChunks.run(path);
  }

  /** Replaces a file's passages (or records why it could not be read) in one transaction. */
  replaceFile(file: Omit<FileRow, 'chunks'>, chunks: readonly NewChunk[]): void {
    const classRank = CLASSIFICATIONS.indexOf(file.classification);
    if (classRank < 0) throw new Error(`not a classification: ${String(file.classification)}`);
    this.db
      .transaction(() => {
        this.removeChunks(file.path);
        const scope = scopeToken(file.department);
        for (const c of chunks) {
          const shared = c.shared || file.department === SHARED_TOKEN;
          const { lastInsertRowid } = this.stmts.insertChunk.run({ path: file.path, department: file.department, shared: shared ? 1 : 0, seq: c.seq, title: c.title, heading: c.heading, text: c.text, lang: c.lang, class_rank: classRank });
          this.stmts.insertFts.run(lastInsertRowid, shared ? `${scope} ${SHARED_TOKEN}` : scope, c.head, c.body, c.grams);
        }
        this.stmts.upsertFile.run({ ...file, chunks: chunks.length, indexed_at: new Date().toISOString() });
      })
      .immediate();
    this.generation++;
  }

  /** The file is unchanged in content; only its size or modification time moved. */
  touchFile(path: string, size: number, mtimeMs: number): void {
    this.stmts.touchFile.run(size, mtimeMs, path);
  }

  removeFile(path: string): void {
    this.db
      .transaction(() => {
        this.removeChunks(path);
        this.stmts.deleteFile.run(path);
      })
      .immediate();
    this.generation++;
  }

  /** Empties the index (for a rebuild) in one transaction. */
  clear(): void {
    this.db
      .transaction(() => {
        this.db.exec(`INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all'); DELETE FROM chunks; DELETE FROM files; DELETE FROM term_df;`);
      })
      .immediate();
    this.generation++;
  }

  /**
   * Recomputes the document frequencies of the common terms (those in at least `minDf` passages) from the FTS5
   * vocabulary: one pass over the index (about 0.2 s for 50,000 passages), after a refresh that changed something.
   */
  recomputeTermFrequencies(): void {
    const n = this.chunkCount();
    const minDf = Math.max(8, Math.floor(n / 2000));
    this.db
      .transaction(() => {
        this.db.exec('DELETE FROM term_df');
        this.db.prepare<[number]>('INSERT INTO term_df (term, df) SELECT term, doc FROM chunks_vocab WHERE doc >= ?').run(minDf);
        this.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('chunks', ?)`).run(String(n));
      })
      .immediate();
    this.dfCache = undefined;
  }

  private dfCache?: { version: number; generation: number; map: Map<string, number>; n: number };

  /** Changes whenever this or another connection committed: caches built on the index check it. */
  dataVersion(): number {
    return (this.db.pragma('data_version', { simple: true }) as number) * 1_000_000 + this.generation;
  }

  /** Document frequency of a term: exact for common terms, 0 for rare ones (fewer passages than the threshold). */
  documentFrequencies(): { map: ReadonlyMap<string, number>; n: number } {
    const version = this.dataVersion();
    if (!this.dfCache || this.dfCache.version !== version) {
      const map = new Map<string, number>();
      for (const r of this.stmts.commonTerms.all()) map.set(r.term, r.df);
      this.dfCache = { version, generation: this.generation, map, n: this.chunkCount() };
    }
    return this.dfCache;
  }

  documentFrequency(term: string): number {
    return this.documentFrequencies().map.get(term) ?? 0;
  }

  /**
   * BM25 search within the scope of a department (its own passages and the shared ones). `terms` are analysed
   * terms; the best `limit` chunk ids come back with their scores (higher is better).
   */
  searchIds(department: string, terms: readonly string[], limit: number): Array<{ id: number; score: number }> {
    if (!terms.length) return [];
    // No column filter on the terms (it doubles the cost of ranking): query terms never look like scope tokens,
    // and the scope column has weight 0.
    const match = `scope : (${scopeToken(department)} OR ${SHARED_TOKEN}) AND (${terms.map((t) => `"${t}"`).join(' OR ')})`;
    return this.stmts.search.all(WEIGHTS[1], WEIGHTS[2], WEIGHTS[3], match, limit).map((r) => ({ id: r.id, score: -r.score }));
  }

  /** The passage behind an id, or undefined when it is gone or outside the department's scope. */
  hit(id: number, department: string, score: number): Hit | undefined {
    const row = this.stmts.chunk.get(id);
    if (!row || (row.department !== department && row.shared !== 1)) return undefined;
    return {
      id: `${row.path}#${row.seq}`,
      file: row.path,
      department: row.department,
      shared: row.shared === 1,
      title: row.title,
      heading: row.heading,
      text: row.text,
      lang: row.lang === 'zh-HK' ? 'zh-HK' : 'en',
      // An unknown rank cannot happen (the column is written from a checked value); read it as the strictest anyway.
      classification: CLASSIFICATIONS[row.class_rank] ?? 'TOP SECRET',
      score,
    };
  }

  /** Passages without a vector from `model` whose classification is at most `ceiling`, a batch at a time. */
  needingEmbeddings(model: string, ceiling: Classification, limit: number): Array<{ id: number; title: string; heading: string; text: string }> {
    return this.stmts.needEmbedding.all(model, CLASSIFICATIONS.indexOf(ceiling), limit);
  }

  setEmbeddings(model: string, rows: ReadonlyArray<{ id: number; vector: Buffer }>): void {
    this.db.transaction(() => {
      for (const r of rows) this.stmts.setEmbedding.run(r.vector, model, r.id);
    })();
    this.generation++;
  }

  /** The vectors of a department's scope, of passages at most `ceiling` (a lowered ceiling leaves the others out). */
  vectors(department: string, model: string, ceiling: Classification): Array<{ id: number; embedding: Buffer }> {
    return this.stmts.vectors.all(department, model, CLASSIFICATIONS.indexOf(ceiling));
  }

  /** Folds the WAL into the file (so its size is the index's size) and closes. */
  close(): void {
    if (!this.db.open) return;
    try {
      if (this.path !== ':memory:' && !this.db.readonly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // another connection is reading: the WAL stays, which is fine
    } finally {
      this.db.close();
    }
  }
}
