import type { Block, BlockKind, DocumentModel } from '../text/document';

export type Level = 'error' | 'warning' | 'suggestion';
export const LEVELS: readonly Level[] = ['error', 'warning', 'suggestion'];

export interface Message {
  'zh-HK': string;
  en: string;
}

export interface Fix {
  replacement: string;
}

export interface Finding {
  /** `<rule set>/<rule>` */
  ruleId: string;
  level: Level;
  message: Message;
  /** Id of the block the finding is in. */
  block: string;
  /** UTF-16 offsets into the block's text. */
  start: number;
  end: number;
  text: string;
  fixes: Fix[];
}

export type Classification = 'UNCLASSIFIED' | 'RESTRICTED' | 'CONFIDENTIAL' | 'SECRET' | 'TOP SECRET';
export const CLASSIFICATIONS: readonly Classification[] = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'];

/** What a template tells the checker about the document it expects. */
export interface CheckContext {
  /** Classification the document is declared to carry. */
  classification?: Classification;
  /** Sections the template requires, each recognised by any of its titles. */
  requiredSections?: Array<{ id: string; titles: string[] }>;
  /** Main language of the document, when known. */
  lang?: 'zh-HK' | 'en';
  /** What the document is, when known: a template kind (letter, memo, email-reply ...) or "email" for a message read from Outlook or an .eml. */
  documentKind?: string;
}

/** A compiled rule: finds problems in a document. Literal patterns are matched by the engine, in one pass. */
export interface CompiledRule {
  id: string;
  level: Level;
  /** Which blocks the rule reads, by language; set by the compiler from the rule's `scope`. */
  scope?: 'any' | 'zh' | 'en';
  kinds?: BlockKind[];
  /** Literal patterns this rule wants from the shared automaton (already lower-cased when ignorecase). */
  literals?: Array<{ pattern: string; ignorecase: boolean; exception: boolean; payload?: unknown }>;
  /** Whether a literal hit counts in its context (the rule's context conditions); before longest-match selection. */
  acceptLiteral?(hit: LiteralHit, block: Block, state: DocumentState): boolean;
  /** The level of a finding from a literal hit, by its context (quotation, register); the rule's level otherwise. */
  levelAt?(hit: { start: number; end: number }, block: Block, state: DocumentState, base: Level): Level;
  /** Called for every literal hit that is not inside one of this rule's exceptions. */
  onLiteral?(hit: LiteralHit, block: Block, emit: Emit, state: DocumentState): void;
  /** Whole-block logic (regular expressions, character scans). */
  checkBlock?(block: Block, emit: Emit, state: DocumentState): void;
  /** Whole-document logic, after every block (consistency, required parts, pairing, classification). */
  checkDocument?(doc: DocumentModel, emit: Emit, state: DocumentState, context: CheckContext): void;
}

export interface LiteralHit {
  start: number;
  end: number;
  pattern: string;
  payload?: unknown;
}

export type Emit = (finding: Omit<Finding, 'ruleId' | 'level'> & { level?: Level }) => void;

/** Shared per-document state that document-level rules may fill while blocks are scanned. */
export interface DocumentState {
  /** Per-rule scratch space, keyed by rule id. */
  scratch: Map<string, unknown>;
  /** Language of each block, computed once. */
  blockLang: Map<string, 'zh' | 'en' | 'none'>;
  /** What the caller said about the document. */
  context: CheckContext;
  /** Per-block analysis shared by rules (quotation spans, sentence registers), keyed by block id. */
  blocks: Map<string, unknown>;
}
