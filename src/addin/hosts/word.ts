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
import { modelFromParagraphs, occurrences, parseBlockId, type ReadParagraph } from './paragraph-model';

export { DRAFT_TAG };
/** Before WordApi 1.4 (no custom XML parts), provenance goes into the document settings under this key. */
export const PROVENANCE_SETTING = 'wenshu.provenance';
export const DRAFT_TITLE = '文書通草稿 Wenshu draft';
export const IGNORED_SETTING = 'wenshu.ignored';
/** Word's search text limit. */
export const MAX_SEARCH_LENGTH = 255;
/** insertFileFromBase64 accepts documents up to 4 MB. */
const MAX_DOCX_BYTES = 4 * 1024 * 1024;

const PARAGRAPH_FIELDS = 'items/text,items/style,items/styleBuiltIn,items/isListItem,items/tableNestingLevel';

/** Built-in styles for draft blocks (locale-independent names, WordApi 1.3 `styleBuiltIn`). */
export const DRAFT_STYLES: Record<'heading1' | 'heading2' | 'heading3' | 'paragraph' | 'list-item', Word.BuiltInStyleName | 'Heading1' | 'Heading2' | 'Heading3' | 'Normal' | 'ListParagraph'> = {
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  paragraph: 'Normal',
  'list-item': 'ListParagraph',
};

export function draftStyle(block: DraftBlock): string {
  if (block.kind === 'heading') {
    const level = Math.min(3, Math.max(1, Math.trunc(block.level ?? 1) || 1));
    return DRAFT_STYLES[`heading${level}` as 'heading1'];
  }
  return DRAFT_STYLES[block.kind];
}

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

/**
 * Text for Word's search: `^` is Word's escape character; tabs and manual line breaks have codes.
 * Returns null for text Word cannot search for (paragraph marks, other control characters).
 */
export function wordSearchText(text: string): string | null {
  let out = '';
  for (const ch of text) {
    if (ch === '^') out += '^^';
    else if (ch === '\t') out += '^t';
    else if (ch === '\u000b') out += '^l';
    else if (ch < ' ' || ch === '\u007f') return null;
    else out += ch;
  }
  return out;
}

/** Longest prefix (or suffix) of `text` whose search text fits Word's limit, never splitting a surrogate pair. */
function fitting(text: string, fromEnd: boolean): string {
  const chars = Array.from(text);
  const picked: string[] = [];
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = fromEnd ? chars[chars.length - 1 - i] : chars[i];
    const cost = (wordSearchText(ch) ?? ch).length;
    if (length + cost > MAX_SEARCH_LENGTH) break;
    length += cost;
    picked.push(ch);
  }
  if (fromEnd) picked.reverse();
  return picked.join('');
}

/**
 * The head (or tail) of a long text to search for: the longest that fits Word's limit and that Word's
 * left-to-right, non-overlapping search will hit exactly at the edit's start (or end) in the paragraph
 * as we expect it to be (repetitive text can hide a hit inside an earlier one).
 */
function anchorKey(text: string, fromEnd: boolean, paragraph: string | undefined, edge: number): string {
  let key = fitting(text, fromEnd);
  if (paragraph === undefined) return key;
  while (key.length > 1) {
    const at = fromEnd ? edge - key.length : edge;
    if (occurrences(paragraph, key).includes(at)) return key;
    const cut = fromEnd ? Array.from(key).slice(1) : Array.from(key).slice(0, -1);
    key = cut.join('');
  }
  return key;
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

/** One edit (or selection target) resolved to a paragraph and current offsets, before the search. */
interface Locate {
  target: TextTarget;
  index: number;
  /** Read coordinates (paragraph offsets as read). */
  readStart: number;
  readEnd: number;
  /** Current coordinates (after our own earlier edits). */
  start: number;
  end: number;
  /** What to search for: the text, or for a long text its head and tail, or for an empty target a neighbour. */
  keys: Array<{ text: string; at: number }>;
  /** For an empty target: insert before/after the neighbour found. */
  insert?: 'Before' | 'After';
  skip?: SkipReason;
  range?: Word.Range;
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
    annotate: isSetSupported('WordApi', '1.7'),
    reply: false,
  };
  const displayLanguage = options.displayLanguage ?? officeGlobal()?.context?.displayLanguage ?? 'en-GB';
  /** Annotation ids we inserted, with the paragraph they went on. */
  let annotations = new Map<string, number>();

  function prepare(target: TextTarget, expectedTexts: boolean): Locate {
    const ref = parseBlockId(target.block);
    const base: Locate = { target, index: -1, readStart: 0, readEnd: 0, start: 0, end: 0, keys: [] };
    if (!ref || target.start < 0 || target.end < target.start) return { ...base, skip: 'not-found' };
    const readStart = ref.clip + target.start;
    const readEnd = ref.clip + target.end;
    const mapped = journal.map(ref.index, readStart, readEnd);
    if (!mapped) return { ...base, index: ref.index, readStart, readEnd, skip: 'changed' };
    const loc: Locate = { ...base, index: ref.index, readStart, readEnd, start: mapped.start, end: mapped.end };
    if (target.text.length !== target.end - target.start) return { ...loc, skip: 'changed' };
    if (target.text === '') {
      // Nothing to search for: anchor on the neighbouring character and insert beside it.
      const text = journal.expected(ref.index);
      if (text === undefined || !expectedTexts) return { ...loc, skip: 'unsupported' };
      const before = Array.from(text.slice(0, loc.start)).pop();
      const after = Array.from(text.slice(loc.start))[0];
      if (before && wordSearchText(before)) return { ...loc, keys: [{ text: before, at: loc.start - before.length }], insert: 'After' };
      if (after && wordSearchText(after)) return { ...loc, keys: [{ text: after, at: loc.start }], insert: 'Before' };
      return { ...loc, skip: 'unsupported' };
    }
    const search = wordSearchText(target.text);
    if (search === null) return { ...loc, skip: 'unsupported' };
    if (search.length <= MAX_SEARCH_LENGTH) return { ...loc, keys: [{ text: target.text, at: loc.start }] };
    // Too long for one search: find its head and its tail and expand the one to the other.
    const text = journal.expected(ref.index);
    const head = anchorKey(target.text, false, text, loc.start);
    const tail = anchorKey(target.text, true, text, loc.end);
    return { ...loc, keys: [{ text: head, at: loc.start }, { text: tail, at: loc.end - tail.length }] };
  }

  /**
   * Sync 1 of applyEdits/select: loads the paragraph texts, runs the searches, and resolves each
   * target to its Word range (or a reason to skip it).
   */
  async function locate(context: Word.RequestContext, targets: Locate[], loadMode: boolean): Promise<string | undefined> {
    const body = context.document.body;
    const paragraphs = body.paragraphs;
    paragraphs.load('items/text');
    const searches = new Map<string, Word.RangeCollection>();
    for (const t of targets) {
      if (t.skip) continue;
      for (const key of t.keys) {
        if (searches.has(key.text)) continue;
        const found = body.search(wordSearchText(key.text) as string, { matchCase: true, matchWildcards: false });
        found.load('items/text');
        searches.set(key.text, found);
      }
    }
    if (loadMode) context.document.load('changeTrackingMode');
    await context.sync();

    const texts = paragraphs.items.map((p) => p.text);
    const hits = new Map<string, { ranges: Word.Range[]; before: number[] } | null>();
    const hitsFor = (key: string) => {
      if (!hits.has(key)) {
        // Word's hits with exactly this text (its Find may match width or case variants too).
        const ranges = (searches.get(key)?.items ?? []).filter((r) => r.text === key);
        const before: number[] = [];
        let total = 0;
        for (const text of texts) {
          before.push(total);
          total += occurrences(text, key).length;
        }
        hits.set(key, ranges.length === total ? { ranges, before } : null);
      }
      return hits.get(key) ?? null;
    };

    for (const t of targets) {
      if (t.skip) continue;
      const text = texts[t.index];
      const expected = journal.expected(t.index);
      if (text === undefined || (expected !== undefined && expected !== text) || text.slice(t.start, t.end) !== t.target.text) {
        t.skip = 'changed';
        continue;
      }
      const ranges: Word.Range[] = [];
      for (const key of t.keys) {
        const h = hitsFor(key.text);
        const k = occurrences(text, key.text).indexOf(key.at);
        const range = h && k >= 0 ? h.ranges[h.before[t.index] + k] : undefined;
        if (!range) break;
        ranges.push(range);
      }
      if (ranges.length !== t.keys.length) t.skip = 'not-found';
      else t.range = ranges.length === 1 ? ranges[0] : ranges[0].expandTo(ranges[1]);
    }
    return loadMode ? String(context.document.changeTrackingMode) : undefined;
  }

  async function read(scope: 'document' | 'selection'): Promise<DocumentModel> {
    return Word.run(async (context) => {
      const body = context.document.body;
      const paragraphs = body.paragraphs;
      paragraphs.load(PARAGRAPH_FIELDS);
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
      const toRead = (index: number, from = 0, to?: number): ReadParagraph => {
        const p = items[index];
        const { kind, level } = classify(p);
        const read: ReadParagraph = { index, text: p.text.slice(from, to), kind, style: p.style };
        if (from > 0) read.clip = from;
        if (level !== undefined) read.level = level;
        return read;
      };

      if (scope === 'document' || !sel || !selParagraphs || !head || !tail || !before) {
        journal.reset(items.map((p, i) => [i, p.text]));
        return modelFromParagraphs(items.map((_, i) => toRead(i)));
      }

      const selected = stripMarks(sel.text);
      const parts = selParagraphs.items.map((p) => p.text);
      const start = findRun(items.map((p) => p.text), parts, before.items.length - 1);
      if (selected === '' || start < 0) {
        // A collapsed selection, or one outside the body (header, footnote): nothing we could fix.
        journal.reset([]);
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
      const reads = parts.map((_, k) => toRead(start + k, k === 0 ? from : 0, k === parts.length - 1 ? to : undefined));
      if (reads.length > 1 && reads[reads.length - 1].text === '') reads.pop();
      journal.reset(reads.map((r) => [r.index, items[r.index].text]));
      return modelFromParagraphs(reads);
    });
  }

  async function select(target: TextTarget): Promise<void> {
    const loc = prepare(target, true);
    await Word.run(async (context) => {
      if (!loc.skip) await locate(context, [loc], false);
      if (loc.skip || !loc.range) {
        throw new HostError('target-changed', '文件內容已更改，請重新檢查。The text has changed since the check; please check again.');
      }
      loc.range.select();
      await context.sync();
    });
  }

  async function applyEdits(edits: readonly TextEdit[], opts: EditOptions): Promise<EditResult> {
    const locs = edits.map((e) => prepare(e, true));
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

    await Word.run(async (context) => {
      const mode = await locate(context, locs, track);
      const ready = locs.filter((l) => !l.skip && l.range);
      if (ready.length === 0) return;
      const doc = context.document;
      if (track && mode !== 'TrackAll') doc.changeTrackingMode = 'TrackAll';
      for (const loc of ready) {
        const edit = loc.target as TextEdit;
        const range = loc.range as Word.Range;
        if (loc.insert) range.insertText(edit.replacement, loc.insert);
        else if (edit.replacement === '') range.delete();
        else range.insertText(edit.replacement, 'Replace');
      }
      if (track && mode !== 'TrackAll' && mode) doc.changeTrackingMode = mode as Word.ChangeTrackingMode;
      await context.sync();
    });

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

  /** Runs `insert` in one batch; with tracked changes the mode is read first and restored after. */
  async function withTracking(track: boolean, insert: (context: Word.RequestContext) => void): Promise<void> {
    await Word.run(async (context) => {
      const doc = context.document;
      let mode: string | undefined;
      if (track) {
        doc.load('changeTrackingMode');
        await context.sync();
        mode = String(doc.changeTrackingMode);
        if (mode !== 'TrackAll') doc.changeTrackingMode = 'TrackAll';
      }
      insert(context);
      if (track && mode && mode !== 'TrackAll') doc.changeTrackingMode = mode as Word.ChangeTrackingMode;
      await context.sync();
    });
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
    let unsaved: InsertedProvenance | undefined;
    await withTracking(Boolean(opts.trackChanges) && can.trackChanges, (context) => {
      const sel = context.document.getSelection();
      // Structured paragraphs go after the paragraph holding the cursor (or the selection's end),
      // never into the middle of it; "replace" then removes the selected text.
      const anchor = sel.paragraphs.getLast();
      const first = anchor.insertParagraph(blocks[0].text, 'After');
      first.styleBuiltIn = draftStyle(blocks[0]) as Word.BuiltInStyleName;
      const control = first.insertContentControl();
      unsaved = tagDraft(context, control, opts.provenance);
      for (const block of blocks.slice(1)) {
        const p = control.insertParagraph(block.text, 'End');
        p.styleBuiltIn = draftStyle(block) as Word.BuiltInStyleName;
      }
      if (opts.mode === 'replace-selection') sel.insertText('', 'Replace');
    });
    await saveProvenanceSetting(unsaved);
  }

  async function insertDocx(base64: string, opts: InsertOptions): Promise<void> {
    const clean = base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw new Error('Not a base64-encoded .docx file.');
    if ((clean.length * 3) / 4 > MAX_DOCX_BYTES) {
      throw new HostError('too-large', '文件超過 4 MB，Word 無法插入。The document is larger than the 4 MB Word can insert.');
    }
    let unsaved: InsertedProvenance | undefined;
    await withTracking(Boolean(opts.trackChanges) && can.trackChanges, (context) => {
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
        const mapped = journal.map(ref.index, ref.clip + f.start, ref.clip + f.end);
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
