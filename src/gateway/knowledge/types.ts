/** Shared types of the knowledge index. */
import type { Classification } from '../../core/checks/types';

/** One structural unit of a document: a heading, or a paragraph (list items and table rows are paragraphs too). */
export type Unit =
  | { kind: 'heading'; level: number; text: string }
  | {
      kind: 'para';
      text: string;
      /** Starts with a paragraph number ("1.", "2.3", "(a)", "（一）", "第三條", "Q:", "問："): a chunk may start here. */
      numbered: boolean;
    };

/** A knowledge file as read: its front matter (Markdown and text files) and its units in order. */
export interface ParsedDocument {
  title?: string;
  /** Front matter `lang`, when given. */
  lang?: string;
  /** Front matter `shared: true`: every department sees this file. */
  shared?: boolean;
  /** Front matter `classification:`, when given. */
  classification?: Classification;
  units: Unit[];
}

export type ChunkLang = 'zh-HK' | 'en';

/** A passage as the chunker cuts it. */
export interface ChunkDraft {
  /** 0-based position in the file. */
  seq: number;
  /** The heading trail below the document title, outermost first. */
  headings: string[];
  text: string;
  lang: ChunkLang;
}

/** One passage found by a search. */
export interface Hit {
  /** Stable id for citations: `<file>#<seq>`. */
  id: string;
  /** The file, relative to the templates folder, with forward slashes, e.g. fehd/knowledge/faq/pests.md. */
  file: string;
  department: string;
  shared: boolean;
  title: string;
  /** The heading trail joined with " › " ("" when the passage sits directly under the title). */
  heading: string;
  text: string;
  lang: ChunkLang;
  /** The classification of the file the passage comes from. */
  classification: Classification;
  /** Higher is better: BM25 for lexical results, the fused reciprocal-rank score for hybrid ones. */
  score: number;
}

export interface SearchResult {
  mode: 'lexical' | 'hybrid';
  hits: Hit[];
  /** Why a hybrid search fell back to lexical (the embeddings server failed), when it did. */
  warning?: string;
  /** Why the query was not sent to the embeddings provider (its classification is above the provider's ceiling). */
  lexicalOnly?: string;
}

export interface SearchOptions {
  /** How many passages (default 5, at most 50). */
  k?: number;
  /** 'lexical' skips the embeddings even when they are configured. */
  mode?: 'auto' | 'lexical';
  /**
   * The classification of the request the query comes from (the gate's decision). The query goes to the
   * embeddings provider only when this, and any marking in the query itself, is within its ceiling.
   */
  classification?: Classification;
}

/** A file that could not be indexed, and why (one line). */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface IndexProgress {
  done: number;
  total: number;
  file: string;
}

export interface DepartmentSummary {
  department: string;
  files: number;
  indexed: number;
  unchanged: number;
  removed: number;
  skipped: number;
  chunks: number;
}

export interface IndexSummary {
  departments: DepartmentSummary[];
  skipped: SkippedFile[];
  /** Passages given embeddings in this run (0 without an embeddings model). */
  embedded: number;
  ms: number;
  /** True when the whole index was rebuilt (first run, a new analyser version, or --rebuild). */
  rebuilt: boolean;
}
