/**
 * What the panes ask of wherever the document lives: Word, an Outlook item, or the preview page.
 * Only the modules in this folder touch `Word` or `Office`; panes and the checker never know which host runs.
 */
import type { Finding } from '../../core/checks/types';
import type { InsertedProvenance } from '../../core/drafting/provenance-record';
import type { DocumentModel } from '../../core/text/document';

export type HostKind = 'word' | 'outlook-read' | 'outlook-compose' | 'preview';

/** A place in the document as the checker reported it: block id (from the last read) and UTF-16 offsets. */
export interface TextTarget {
  block: string;
  start: number;
  end: number;
  /** The text expected there; a host refuses to touch a range whose text has changed since the read. */
  text: string;
}

export interface TextEdit extends TextTarget {
  replacement: string;
}

export interface EditOptions {
  /** Apply as tracked changes (Word's changeTrackingMode), so the officer can accept or reject each. */
  trackChanges: boolean;
}

export interface EditResult {
  applied: number;
  /** Edits whose text no longer matched (the officer changed the document meanwhile). */
  skipped: number;
  /** Why each skipped edit was skipped (additive; hosts fill it when they know). */
  details?: SkippedEdit[];
}

/**
 * changed: the paragraph's text is not what was read; not-found: the host could not locate the text
 * (or its search disagreed with the read); overlap: another edit in the batch covers the same text;
 * unsupported: the host cannot make this edit (e.g. a paragraph break in the text); revision: the text is under a
 * pending tracked change (left for the officer to accept or reject first); read-only: inside a content control that
 * cannot be edited; failed: Word refused this one edit (the others were still applied).
 */
export type SkipReason = 'changed' | 'not-found' | 'overlap' | 'unsupported' | 'revision' | 'read-only' | 'failed';

export interface SkippedEdit {
  edit: TextEdit;
  reason: SkipReason;
}

/** A draft as structured paragraphs, inserted with styles (headings, numbered paragraphs). */
export interface DraftBlock {
  kind: 'heading' | 'paragraph' | 'list-item';
  text: string;
  level?: number;
}

export interface InsertOptions extends Partial<EditOptions> {
  /** At the cursor, replacing the current selection, or (where `can.newDocument`) as a new document, opened. */
  mode: 'cursor' | 'replace-selection' | 'new-document';
  /**
   * The draft's provenance, kept with the content: Word tags the content control `wenshu-ai-draft:<id>` and adds a
   * custom XML part (document settings before WordApi 1.4); Outlook sets an internet header; the preview keeps it
   * on the draft's section.
   */
  provenance?: InsertedProvenance;
}

/** Parts of a document a read did not reach, named so the pane can say so. */
export type UncheckedPart = 'headers-footers' | 'footnotes' | 'endnotes' | 'text-boxes' | 'comments' | 'quoted-history';

/** What the host knows about its read beyond the text. */
export interface ReadNotes {
  /** Paragraphs with pending tracked changes: checked as they now read, fixes touching a revision left alone. */
  pendingRevisions?: number;
  notChecked?: UncheckedPart[];
}

/** A read: the blocks, and what the pane should say about them. */
export interface HostDocument extends DocumentModel {
  notes?: ReadNotes;
}

export interface IncomingMessage {
  subject: string;
  from: string;
  body: string;
}

export interface DocumentHost {
  readonly kind: HostKind;
  /** Office's display language (e.g. "zh-HK", "en-GB"); the browser's in the preview. */
  readonly displayLanguage: string;
  /** What this host can do, so panes show only what works here. */
  readonly can: {
    read: boolean;
    readSelection: boolean;
    select: boolean;
    fix: boolean;
    trackChanges: boolean;
    insert: boolean;
    insertDocx: boolean;
    /** Insert a full draft as a new document (Word: createDocument().open()). */
    newDocument?: boolean;
    annotate: boolean;
    reply: boolean;
  };

  /** The document (or the selection) as blocks, in one round trip. */
  read(scope: 'document' | 'selection'): Promise<HostDocument>;
  /** Selects a finding's text in the document. */
  select(target: TextTarget): Promise<void>;
  /** Applies edits in one batch. Edits must come from the latest read. */
  applyEdits(edits: readonly TextEdit[], options: EditOptions): Promise<EditResult>;
  /** Inserts a draft, wrapped (in Word) in a content control tagged `wenshu-ai-draft`. */
  insertDraft(blocks: readonly DraftBlock[], options: InsertOptions): Promise<void>;
  /** Inserts a filled .docx (base64) where the host supports it. */
  insertDocx?(base64: string, options: InsertOptions): Promise<void>;
  /** Shows findings in the document itself (Word critique annotations, WordApi 1.7) where supported. */
  annotate?(findings: readonly Finding[]): Promise<void>;

  /** Outlook: the message being read or answered. */
  readMessage?(): Promise<IncomingMessage>;
  /** Outlook read mode: opens a reply form with the draft (HTML built or sanitised by us). */
  openReplyForm?(html: string): Promise<void>;

  /** Per-document storage for the officer's "ignore" choices (never for tokens). */
  loadIgnored(): Promise<string[]>;
  saveIgnored(keys: readonly string[]): Promise<void>;
}
