/// <reference types="office-js" />
/**
 * The Word host (Word JavaScript API, WordApi 1.3 as the manifest requires; 1.4 for tracked changes,
 * 1.7 for critique annotations). Every user action is one `Word.run` with as few `context.sync`
 * calls as the API allows, and never a sync inside a loop:
 *
 * - read: ONE sync (body paragraphs with text, style and list/table info; for a selection also the
 *   selection's paragraphs and where it starts and ends inside them).
 * - applyEdits / select: at most TWO syncs, however many edits. Sync 1 loads every body paragraph's
 *   text and queues one `body.search` per distinct edit text (and the tracking mode); the host then
 *   verifies each paragraph's text and picks the search hit whose position matches the edit (by
 *   counting the occurrences before it, in document order). Sync 2 sets the tracking mode, replaces
 *   every range and restores the mode. (Paragraph proxies cannot be reached by index before a sync,
 *   so the search runs on the body and the hit is picked by occurrence.)
 * - insertDraft: ONE sync (two with tracked changes: the current mode must be read to restore it).
 *
 * Block ids are body paragraph indices (see paragraph-model.ts); a selection read keeps them.
 */
import type { Finding } from '../../core/checks/types';
import { DRAFT_TAG, draftControlTag, provenanceXml, type InsertedProvenance } from '../../core/drafting/provenance-record';
import type { BlockKind, DocumentModel } from '../../core/text/document';
import type {
  DocumentHost,
  DraftBlock,
  HostDocument,
  EditOptions,
  EditResult,
  InsertOptions,
  SkipReason,
  SkippedEdit,
  TextEdit,
  TextTarget,
} from './document-host';
import { EditJournal, applyToText, spansOverlap } from './edit-journal';
import { HostError } from './errors';
import { officeAsync } from './office-async';
import { modelFromParagraphs, parseBlockId, type ReadParagraph } from './paragraph-model';
import { applyLocated } from './word-apply';
import { locateTargets, prepareTarget, type Locate } from './word-locate';
import { draftStyle, queueInsert, queueInsertProbe } from './word-insert';
import { probeFoundRevisions, queueParagraphReviews, queueProbe, readNotes, revisionMaps, type HostLevels } from './word-reviewed';
import { currentToRaw, rawToCurrent, touchesRevision, type RevisionMap } from './word-revisions';

export { DRAFT_TAG };
export { MAX_SEARCH_LENGTH, wordSearchText } from './word-locate';
/** Before WordApi 1.4 (no custom XML parts), provenance goes into the document settings under this key. */
export const PROVENANCE_SETTING = 'wenshu.provenance';
export const DRAFT_TITLE = '文書通草稿 Wenshu draft';
export const IGNORED_SETTING = 'wenshu.ignored';
/** insertFileFromBase64 accepts documents up to 4 MB. */
const MAX_DOCX_BYTES = 4 * 1024 * 1024;

const PARAGRAPH_FIELDS = 'items/text,items/style,items/styleBuiltIn,items/isListItem,items/tableNestingLevel';

export { DRAFT_STYLES, draftStyle } from './word-insert';

export interface WordHostOptions {
  /** Office's display language; read from Office.context.displayLanguage when not given. */
  displayLanguage?: string;
}

function officeGlobal(): typeof Office | undefined {
  return (globalThis as { Office?: typeof Office }).Office;
}

export function isSetSupported(set: string, version: string): boolean {
  try {
    return Boolean(officeGlobal()?.context?.requirements?.isSetSupported(set, version));
  } catch {
    return false;
  }
}

/** Heading level from Word's built-in style (or, failing that, its localised name). */
export function headingLevel(styleBuiltIn: string | undefined, style: string | undefined): number | undefined {
  const builtIn = styleBuiltIn && /^Heading([1-9])$/.exec(styleBuiltIn);
  if (builtIn) return Math.min(6, Number(builtIn[1]));
  if (styleBuiltIn === 'Title') return 1;
  if (styleBuiltIn && styleBuiltIn !== 'Other') return undefined;
  const named = style && /^(?:heading|標題|标题|見出し)\s*([1-9])$/i.exec(style.trim());
  if (named) return Math.min(6, Number(named[1]));
  if (style && /^(?:title|標題|标题|表題)$/i.test(style.trim())) return 1;
  return undefined;
}

interface ParagraphInfo {
  text: string;
  style?: string;
  styleBuiltIn?: string;
  isListItem?: boolean;
  tableNestingLevel?: number;
}

export function classify(p: ParagraphInfo): { kind: BlockKind; level?: number } {
  if ((p.tableNestingLevel ?? 0) > 0) return { kind: 'table-cell' };
  const level = headingLevel(p.styleBuiltIn, p.style);
  if (level !== undefined) return { kind: 'heading', level };
  if (p.isListItem) return { kind: 'list-item' };
  return { kind: 'paragraph' };
}

const stripMarks = (s: string): string => s.replace(/[\r\n\u0007]+$/u, '');

/** Index in `all` where `part` occurs as a run; several candidates are resolved by `hint`. */
export function findRun(all: readonly string[], part: readonly string[], hint: number): number {
  if (part.length === 0) return -1;
  const candidates: number[] = [];
  for (let i = 0; i + part.length <= all.length; i++) {
    let ok = true;
    for (let k = 0; k < part.length && ok; k++) ok = all[i + k] === part[k];
    if (ok) candidates.push(i);
  }
  if (candidates.length <= 1) return candidates[0] ?? -1;
  return candidates.reduce((best, c) => (Math.abs(c - hint) < Math.abs(best - hint) ? c : best), candidates[0]);
}

export function createWordHost(options: WordHostOptions = {}): DocumentHost {
  const journal = new EditJournal();
  const can = {
    read: true,
    readSelection: true,
    select: true,
    fix: true,
    trackChanges: isSetSupported('WordApi', '1.4'),
    insert: true,
    insertDocx: true,
    newDocument: isSetSupported('WordApiHiddenDocument', '1.3'),
    annotate: isSetSupported('WordApi', '1.7'),
    reply: false,
  };
  const displayLanguage = options.displayLanguage ?? officeGlobal()?.context?.displayLanguage ?? 'en-GB';
  /** Annotation ids we inserted, with the paragraph they went on. */
  let annotations = new Map<string, number>();
  const levels: HostLevels = {
    reviewed: isSetSupported('WordApi', '1.4'),
    trackedChanges: isSetSupported('WordApi', '1.6'),
    notes: isSetSupported('WordApi', '1.5'),
  };
  /** Paragraphs of the latest read with pending tracked changes: block offsets are into their reviewed text. */
  let revisions = new Map<number, RevisionMap>();

  /**
   * A block's offsets (as the checker saw them, in the reviewed text) -> offsets in Word's paragraph text, or
   * 'revision' when the range touches a pending tracked change.
   */
  function wordOffsets(index: number, start: number, end: number): { start: number; end: number } | 'revision' {
    const map = revisions.get(index);
    if (!map) return { start, end };
    if (touchesRevision(map, start, end)) return 'revision';
    return currentToRaw(map, start, end);
  }

  async function read(scope: 'document' | 'selection'): Promise<HostDocument> {
    return Word.run(async (context) => {
      const body = context.document.body;
      const paragraphs = body.paragraphs;
      paragraphs.load(PARAGRAPH_FIELDS);
      const probe = queueProbe(body, levels);
      let sel: Word.Range | undefined;
      let selParagraphs: Word.ParagraphCollection | undefined;
      let head: Word.Range | undefined;
      let tail: Word.Range | undefined;
      let before: Word.ParagraphCollection | undefined;
      if (scope === 'selection') {
        sel = context.document.getSelection();
        sel.load('text');
        selParagraphs = sel.paragraphs;
        selParagraphs.load('items/text');
        const first = selParagraphs.getFirst();
        const last = selParagraphs.getLast();
        head = first.getRange('Start').expandTo(sel.getRange('Start'));
        head.load('text');
        tail = sel.getRange('End').expandTo(last.getRange('End'));
        tail.load('text');
        before = body.getRange('Start').expandTo(first.getRange('Start')).paragraphs;
        before.load('$none');
      }
      await context.sync();

      const items: ParagraphInfo[] = paragraphs.items.map((p) => ({
        text: p.text,
        style: p.style,
        styleBuiltIn: p.styleBuiltIn,
        isListItem: p.isListItem,
        tableNestingLevel: p.tableNestingLevel,
      }));
      const texts = items.map((p) => p.text);

      /** Sync 2, only when the document has pending revisions: the reviewed text of the paragraphs read. */
      const review = async (indices: number[]): Promise<void> => {
        revisions = new Map();
        if (!probeFoundRevisions(probe) || indices.length === 0) return;
        const pending = queueParagraphReviews(paragraphs.items, indices, levels);
        await context.sync();
        revisions = revisionMaps(pending, texts);
      };
      const textOf = (index: number): string => revisions.get(index)?.current ?? texts[index];
      const toRead = (index: number, from = 0, to?: number): ReadParagraph => {
        const p = items[index];
        const { kind, level } = classify(p);
        const read: ReadParagraph = { index, text: textOf(index).slice(from, to), kind, style: p.style };
        if (from > 0) read.clip = from;
        if (level !== undefined) read.level = level;
        return read;
      };
      const finish = (model: DocumentModel): HostDocument => ({ ...model, notes: readNotes(probe, revisions) });

      if (scope === 'document' || !sel || !selParagraphs || !head || !tail || !before) {
        journal.reset(items.map((p, i) => [i, p.text]));
        await review(items.map((_, i) => i));
        return finish(modelFromParagraphs(items.map((_, i) => toRead(i))));
      }

      const selected = stripMarks(sel.text);
      const parts = selParagraphs.items.map((p) => p.text);
      const start = findRun(texts, parts, before.items.length - 1);
      if (selected === '' || start < 0) {
        // A collapsed selection, or one outside the body (header, footnote): nothing we could fix.
        journal.reset([]);
        revisions = new Map();
        return { blocks: [], source: '' };
      }
      let from = stripMarks(head.text).length;
      let to = parts[parts.length - 1].length - stripMarks(tail.text).length;
      const clipped = parts.map((text, k) => text.slice(k === 0 ? from : 0, k === parts.length - 1 ? to : undefined));
      if (from > parts[0].length || to < 0 || clipped.join('\r') !== selected.replace(/\r\n?|\n/g, '\r')) {
        // Word measured the selection differently from us: check the whole paragraphs instead.
        from = 0;
        to = parts[parts.length - 1].length;
      }
      await review(parts.map((_, k) => start + k));
      // The clip offsets are Word's (raw text); the blocks are in reviewed text.
      const clipFrom = (index: number, offset: number) => (revisions.has(index) ? rawToCurrent(revisions.get(index) as RevisionMap, offset) : offset);
      const last = start + parts.length - 1;
      const reads = parts.map((_, k) =>
        toRead(start + k, k === 0 ? clipFrom(start, from) : 0, k === parts.length - 1 ? clipFrom(last, to) : undefined),
      );
      if (reads.length > 1 && reads[reads.length - 1].text === '') reads.pop();
      journal.reset(reads.map((r) => [r.index, items[r.index].text]));
      return finish(modelFromParagraphs(reads));
    });
  }

  async function select(target: TextTarget): Promise<void> {
    const loc = prepareTarget(target, journal, wordOffsets, true);
    await Word.run(async (context) => {
      if (!loc.skip) await locateTargets(context, [loc], journal, { loadMode: false, readOnly: false });
      if (loc.skip || !loc.range) {
        throw new HostError('target-changed', '文件內容已更改，請重新檢查。The text has changed since the check; please check again.');
      }
      loc.range.select();
      await context.sync();
    });
  }

  async function applyEdits(edits: readonly TextEdit[], opts: EditOptions): Promise<EditResult> {
    const locs = edits.map((e) => prepareTarget(e, journal, wordOffsets, true));
    // Overlapping edits (read coordinates) in one paragraph: the first one wins.
    const taken = new Map<number, Array<[number, number]>>();
    for (const loc of locs) {
      if (loc.skip) continue;
      const spans = taken.get(loc.index) ?? [];
      if (spans.some(([s, e]) => spansOverlap(s, e, loc.readStart, loc.readEnd))) {
        loc.skip = 'overlap';
        continue;
      }
      spans.push([loc.readStart, loc.readEnd]);
      taken.set(loc.index, spans);
    }
    const track = opts.trackChanges && can.trackChanges;
    if (locs.every((l) => l.skip)) return result(locs, edits);

    await applyLocated(locs, track, { journal, revisions });

    // Remember our own edits so later fixes from the same read still land.
    const byParagraph = new Map<number, Locate[]>();
    for (const loc of locs) {
      if (loc.skip || !loc.range) continue;
      byParagraph.set(loc.index, [...(byParagraph.get(loc.index) ?? []), loc]);
    }
    for (const [index, done] of byParagraph) {
      const text = journal.expected(index);
      if (text === undefined) continue;
      const current = done.map((l) => ({ start: l.start, end: l.end, replacement: (l.target as TextEdit).replacement }));
      const asRead = done.map((l) => ({ start: l.readStart, end: l.readEnd, replacement: (l.target as TextEdit).replacement }));
      journal.record(index, asRead, applyToText(text, current));
    }
    return result(locs, edits);
  }

  function result(locs: Locate[], edits: readonly TextEdit[]): EditResult {
    const details: SkippedEdit[] = [];
    locs.forEach((l, i) => {
      if (l.skip || !l.range) details.push({ edit: edits[i], reason: l.skip ?? 'not-found' });
    });
    return { applied: edits.length - details.length, skipped: details.length, details };
  }

  /**
   * Runs an insertion: `probe` is queued with the tracking mode in sync 1, `insert` writes in sync 2; the officer's
   * mode is restored in a `finally` with its own Word.run, so a refused insertion never leaves TrackAll behind.
   */
  async function withTracking<P>(track: boolean, probe: (context: Word.RequestContext) => P, insert: (context: Word.RequestContext, probed: P) => void): Promise<void> {
    let mode: string | undefined;
    let changed = false;
    try {
      await Word.run(async (context) => {
        const doc = context.document;
        const probed = probe(context);
        if (track) doc.load('changeTrackingMode');
        // Nothing to read (a .docx without tracked changes): one sync only.
        if (track || probed !== undefined) await context.sync();
        if (track) {
          mode = String(doc.changeTrackingMode);
          if (mode !== 'TrackAll') {
            doc.changeTrackingMode = 'TrackAll';
            changed = true;
          }
        }
        insert(context, probed);
        await context.sync();
      });
    } finally {
      if (changed && mode) {
        const restore = mode as Word.ChangeTrackingMode;
        await Word.run(async (context) => {
          context.document.changeTrackingMode = restore;
          await context.sync();
        });
      }
    }
  }

  /**
   * Tags the draft's control and, in the same batch, queues its provenance as a custom XML part keyed by the tag.
   * Returns the record still to be saved in the document settings when custom XML parts are not available.
   */
  function tagDraft(context: Word.RequestContext, control: Word.ContentControl, provenance?: InsertedProvenance): InsertedProvenance | undefined {
    control.tag = provenance ? draftControlTag(provenance.draftId) : DRAFT_TAG;
    control.title = DRAFT_TITLE;
    if (!provenance) return undefined;
    if (isSetSupported('WordApi', '1.4')) {
      context.document.customXmlParts.add(provenanceXml(provenance));
      return undefined;
    }
    return provenance;
  }

  /** WordApi 1.3: the settings are the only per-document store; one saveAsync after the insert. */
  async function saveProvenanceSetting(provenance: InsertedProvenance | undefined): Promise<void> {
    const settings = officeGlobal()?.context?.document?.settings;
    if (!provenance || !settings) return;
    const known = settings.get(PROVENANCE_SETTING) as unknown;
    const records = known && typeof known === 'object' ? (known as Record<string, unknown>) : {};
    settings.set(PROVENANCE_SETTING, { ...records, [provenance.draftId]: provenance });
    await officeAsync<void>((cb) => settings.saveAsync(cb));
  }

  async function insertDraft(blocks: readonly DraftBlock[], opts: InsertOptions): Promise<void> {
    if (blocks.length === 0) return;
    if (opts.mode === 'new-document') return insertNewDocument(blocks);
    let unsaved: InsertedProvenance | undefined;
    await withTracking(Boolean(opts.trackChanges) && can.trackChanges, queueInsertProbe, (context, probe) => {
      const inserted = queueInsert(probe, blocks, opts.mode === 'replace-selection' ? 'replace-selection' : 'cursor');
      const control = inserted.first.expandTo(inserted.last).insertContentControl();
      unsaved = tagDraft(context, control, opts.provenance);
    });
    await saveProvenanceSetting(unsaved);
  }

  /**
   * A full draft as a new document, opened for the officer (createDocument().open()). Its paragraphs are written
   * before it opens where Word lets an add-in fill a document it has not opened (WordApiHiddenDocument 1.3); elsewhere
   * can.newDocument is false and the pane does not offer it.
   */
  async function insertNewDocument(blocks: readonly DraftBlock[], base64?: string): Promise<void> {
    await Word.run(async (context) => {
      const created = context.application.createDocument(base64);
      if (!base64) {
        for (const block of blocks) {
          const p = created.body.insertParagraph(block.text, 'End');
          p.styleBuiltIn = draftStyle(block) as Word.BuiltInStyleName;
        }
      }
      created.open();
      await context.sync();
    });
  }

  async function insertDocx(base64: string, opts: InsertOptions): Promise<void> {
    const clean = base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw new Error('Not a base64-encoded .docx file.');
    if ((clean.length * 3) / 4 > MAX_DOCX_BYTES) {
      throw new HostError('too-large', '文件超過 4 MB，Word 無法插入。The document is larger than the 4 MB Word can insert.');
    }
    if (opts.mode === 'new-document') return insertNewDocument([], clean);
    let unsaved: InsertedProvenance | undefined;
    await withTracking(Boolean(opts.trackChanges) && can.trackChanges, () => undefined, (context) => {
      const sel = context.document.getSelection();
      const inserted = sel.insertFileFromBase64(clean, opts.mode === 'replace-selection' ? 'Replace' : 'After');
      unsaved = tagDraft(context, inserted.insertContentControl(), opts.provenance);
    });
    await saveProvenanceSetting(unsaved);
  }

  const COLOURS: Record<Finding['level'], 'Red' | 'Lavender' | 'Blue'> = { error: 'Red', warning: 'Lavender', suggestion: 'Blue' };

  async function annotate(findings: readonly Finding[]): Promise<void> {
    await Word.run(async (context) => {
      const paragraphs = context.document.body.paragraphs;
      paragraphs.load('items/text');
      await context.sync();

      const texts = paragraphs.items.map((p) => p.text);
      const critiques = new Map<number, Word.Critique[]>();
      for (const f of findings) {
        const ref = parseBlockId(f.block);
        if (!ref) continue;
        const offsets = wordOffsets(ref.index, ref.clip + f.start, ref.clip + f.end);
        if (offsets === 'revision') continue;
        const mapped = journal.map(ref.index, offsets.start, offsets.end);
        const text = texts[ref.index];
        if (!mapped || text === undefined || text.slice(mapped.start, mapped.end) !== f.text) continue;
        const start = Math.min(mapped.start, Math.max(0, text.length - 1));
        const length = Math.max(1, mapped.end - mapped.start);
        if (text.length === 0) continue;
        critiques.set(ref.index, [...(critiques.get(ref.index) ?? []), { start, length, colorScheme: COLOURS[f.level] }]);
      }
      // Ours from last time: look them up on their paragraphs, delete them once the new ones are in.
      const previous = new Set(annotations.keys());
      const scan = new Set<number>([...annotations.values()].filter((i) => i < texts.length));
      const existing: Word.AnnotationCollection[] = [];
      for (const index of scan) {
        const anns = paragraphs.items[index].getAnnotations();
        anns.load('items/id');
        existing.push(anns);
      }
      const inserted: Array<[number, OfficeExtension.ClientResult<string[]>]> = [];
      for (const [index, list] of critiques) {
        inserted.push([index, paragraphs.items[index].insertAnnotations({ critiques: list })]);
      }
      await context.sync();

      const stale = existing.flatMap((c) => c.items).filter((a) => previous.has(a.id));
      for (const a of stale) a.delete();
      annotations = new Map(inserted.flatMap(([index, r]) => (r.value ?? []).map((id): [string, number] => [id, index])));
      if (stale.length > 0) await context.sync();
    });
  }

  async function loadIgnored(): Promise<string[]> {
    const value = officeGlobal()?.context?.document?.settings?.get(IGNORED_SETTING) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  async function saveIgnored(keys: readonly string[]): Promise<void> {
    const settings = officeGlobal()?.context?.document?.settings;
    if (!settings) return;
    settings.set(IGNORED_SETTING, [...new Set(keys)]);
    await officeAsync<void>((cb) => settings.saveAsync(cb));
  }

  const host: DocumentHost = {
    kind: 'word',
    displayLanguage,
    can,
    read,
    select,
    applyEdits,
    insertDraft,
    insertDocx,
    loadIgnored,
    saveIgnored,
  };
  if (can.annotate) host.annotate = annotate;
  return host;
}
