/**
 * A DocumentHost over an array of paragraphs, recording every call, for the pane tests. Edits refuse (skip) text
 * that changed since the read, like the real hosts.
 */
import type { DocumentHost, DraftBlock, ReadNotes, EditOptions, EditResult, HostKind, IncomingMessage, InsertOptions, TextEdit, TextTarget } from '../../../../src/addin/hosts/document-host';
import type { DocumentModel } from '../../../../src/core/text/document';

export interface FakeHostOptions {
  kind?: HostKind;
  displayLanguage?: string;
  paragraphs?: string[];
  /** Indices of the selected paragraphs. */
  selection?: number[];
  ignored?: string[];
  message?: IncomingMessage;
  can?: Partial<DocumentHost['can']>;
  readError?: Error;
  /** What the host says about its reads (tracked changes, parts not checked). */
  notes?: ReadNotes;
}

export class FakeHost implements DocumentHost {
  readonly kind: HostKind;
  readonly displayLanguage: string;
  readonly can: DocumentHost['can'];
  paragraphs: string[];
  selection: number[];
  ignored: string[];
  readError?: Error;
  notes?: ReadNotes;
  message?: IncomingMessage;
  readonly calls = {
    read: [] as Array<'document' | 'selection'>,
    select: [] as TextTarget[],
    applyEdits: [] as Array<{ edits: TextEdit[]; options: EditOptions }>,
    insertDraft: [] as Array<{ blocks: DraftBlock[]; options: InsertOptions }>,
    saveIgnored: [] as string[][],
    openReplyForm: [] as string[],
  };
  readMessage?: () => Promise<IncomingMessage>;
  openReplyForm?: (html: string) => Promise<void>;

  constructor(options: FakeHostOptions = {}) {
    this.kind = options.kind ?? 'preview';
    this.displayLanguage = options.displayLanguage ?? 'en-GB';
    this.paragraphs = [...(options.paragraphs ?? [])];
    this.selection = options.selection ?? [];
    this.ignored = [...(options.ignored ?? [])];
    this.readError = options.readError;
    this.notes = options.notes;
    this.message = options.message;
    const outlook = this.kind === 'outlook-read' || this.kind === 'outlook-compose';
    this.can = {
      read: true,
      readSelection: !outlook,
      select: !outlook,
      fix: this.kind !== 'outlook-read',
      trackChanges: this.kind === 'word',
      insert: this.kind !== 'outlook-read',
      insertDocx: this.kind === 'word',
      annotate: false,
      reply: outlook,
      ...options.can,
    };
    if (outlook) {
      this.readMessage = async () => {
        if (!this.message) throw new Error('no item');
        return this.message;
      };
    }
    if (this.kind === 'outlook-read') {
      this.openReplyForm = async (html: string) => {
        this.calls.openReplyForm.push(html);
      };
    }
  }

  async read(scope: 'document' | 'selection'): Promise<DocumentModel & { notes?: ReadNotes }> {
    this.calls.read.push(scope);
    if (this.readError) throw this.readError;
    const indices = scope === 'document' ? this.paragraphs.map((_, i) => i) : this.selection;
    let offset = 0;
    const blocks = indices.map((i) => {
      const block = { id: `p${i}`, kind: 'paragraph' as const, text: this.paragraphs[i], offset };
      offset += this.paragraphs[i].length + 1;
      return block;
    });
    return this.notes ? { blocks, notes: this.notes } : { blocks };
  }

  async select(target: TextTarget): Promise<void> {
    this.calls.select.push(target);
  }

  async applyEdits(edits: readonly TextEdit[], options: EditOptions): Promise<EditResult> {
    this.calls.applyEdits.push({ edits: [...edits], options });
    let applied = 0;
    let skipped = 0;
    const byBlock = new Map<number, TextEdit[]>();
    for (const e of edits) {
      const i = Number(e.block.slice(1));
      byBlock.set(i, [...(byBlock.get(i) ?? []), e]);
    }
    for (const [i, list] of byBlock) {
      list.sort((a, b) => b.start - a.start);
      let text = this.paragraphs[i] ?? '';
      for (const e of list) {
        if (text.slice(e.start, e.end) !== e.text) {
          skipped++;
          continue;
        }
        text = text.slice(0, e.start) + e.replacement + text.slice(e.end);
        applied++;
      }
      this.paragraphs[i] = text;
    }
    return { applied, skipped };
  }

  async insertDraft(blocks: readonly DraftBlock[], options: InsertOptions): Promise<void> {
    this.calls.insertDraft.push({ blocks: [...blocks], options });
  }

  async loadIgnored(): Promise<string[]> {
    return [...this.ignored];
  }

  async saveIgnored(keys: readonly string[]): Promise<void> {
    this.ignored = [...keys];
    this.calls.saveIgnored.push([...keys]);
  }
}
