/// <reference types="office-js" />
/**
 * Finding an edit's text in Word. Paragraph proxies cannot be reached by index before a sync, so sync 1 loads every
 * body paragraph's text and queues one `body.search` per distinct text; the hit whose position matches the edit is
 * picked by counting the occurrences before it in document order. Where Word's hits and our count disagree (the text
 * also occurs in a part the paragraphs do not show: a text box, a field result), only the paragraphs concerned are
 * searched, in ONE more sync, so such a text never disables the fix everywhere else.
 * With `readOnly`, each hit's parent content control is loaded in the same sync: a hit inside a control that cannot
 * be edited is skipped and reported.
 */
import type { SkipReason, TextTarget } from './document-host';
import type { EditJournal } from './edit-journal';
import { occurrences, parseBlockId } from './paragraph-model';

/** Word's search text limit. */
export const MAX_SEARCH_LENGTH = 255;

/** Block offsets (reviewed text) -> Word's paragraph offsets, or 'revision' when a pending change is touched. */
export type WordOffsets = (index: number, start: number, end: number) => { start: number; end: number } | 'revision';

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

/** One edit (or selection target) resolved to a paragraph and current offsets, before the search. */
export interface Locate {
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
  /** The edit's offsets in the reviewed text (the view the checker saw), for the fallback's bookkeeping. */
  viewStart?: number;
  viewEnd?: number;
}

export function prepareTarget(target: TextTarget, journal: EditJournal, wordOffsets: WordOffsets, expectedTexts: boolean): Locate {
  const ref = parseBlockId(target.block);
  const base: Locate = { target, index: -1, readStart: 0, readEnd: 0, start: 0, end: 0, keys: [] };
  if (!ref || target.start < 0 || target.end < target.start) return { ...base, skip: 'not-found' };
  const offsets = wordOffsets(ref.index, ref.clip + target.start, ref.clip + target.end);
  if (offsets === 'revision') return { ...base, index: ref.index, skip: 'revision' };
  base.viewStart = ref.clip + target.start;
  base.viewEnd = ref.clip + target.end;
  const readStart = offsets.start;
  const readEnd = offsets.end;
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


const HIT_FIELDS = 'items/text';
const HIT_FIELDS_READ_ONLY = 'items/text,items/parentContentControlOrNullObject/isNullObject,items/parentContentControlOrNullObject/cannotEdit';

function lockedHit(range: Word.Range): boolean {
  const control = range.parentContentControlOrNullObject;
  return !control.isNullObject && Boolean(control.cannotEdit);
}

export interface LocateOptions {
  loadMode: boolean;
  readOnly: boolean;
}

/**
 * Sync 1 of applyEdits/select: loads the paragraph texts, runs the searches, and resolves each target to its Word
 * range (or a reason to skip it). Returns the tracking mode when asked to load it.
 */
export async function locateTargets(context: Word.RequestContext, targets: Locate[], journal: EditJournal, opts: LocateOptions): Promise<string | undefined> {
  const fields = opts.readOnly ? HIT_FIELDS_READ_ONLY : HIT_FIELDS;
  const body = context.document.body;
  const paragraphs = body.paragraphs;
  paragraphs.load('items/text');
  const searches = new Map<string, Word.RangeCollection>();
  for (const t of targets) {
    if (t.skip) continue;
    for (const key of t.keys) {
      if (searches.has(key.text)) continue;
      const found = body.search(wordSearchText(key.text) as string, { matchCase: true, matchWildcards: false });
      found.load(fields);
      searches.set(key.text, found);
    }
  }
  if (opts.loadMode) context.document.load('changeTrackingMode');
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

  /** Targets whose key could not be counted body-wide: searched in their own paragraph (sync 2). */
  const local = new Map<string, Word.RangeCollection>();
  const waiting: Locate[] = [];
  for (const t of targets) {
    if (t.skip) continue;
    const text = texts[t.index];
    const expected = journal.expected(t.index);
    if (text === undefined || (expected !== undefined && expected !== text) || text.slice(t.start, t.end) !== t.target.text) {
      t.skip = 'changed';
      continue;
    }
    if (t.keys.some((key) => hitsFor(key.text) === null)) {
      for (const key of t.keys) {
        const id = `${t.index}|${key.text}`;
        if (local.has(id)) continue;
        const found = paragraphs.items[t.index].search(wordSearchText(key.text) as string, { matchCase: true, matchWildcards: false });
        found.load(fields);
        local.set(id, found);
      }
      waiting.push(t);
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
    settle(t, ranges, opts.readOnly);
  }
  if (waiting.length > 0) {
    await context.sync();
    for (const t of waiting) {
      const text = texts[t.index];
      const ranges: Word.Range[] = [];
      for (const key of t.keys) {
        const found = (local.get(`${t.index}|${key.text}`)?.items ?? []).filter((r) => r.text === key.text);
        const all = occurrences(text, key.text);
        const k = all.indexOf(key.at);
        if (found.length !== all.length || k < 0) break;
        ranges.push(found[k]);
      }
      settle(t, ranges, opts.readOnly);
    }
  }
  return opts.loadMode ? String(context.document.changeTrackingMode) : undefined;
}

function settle(t: Locate, ranges: Word.Range[], readOnly: boolean): void {
  if (ranges.length !== t.keys.length) t.skip = 'not-found';
  else if (readOnly && ranges.some(lockedHit)) t.skip = 'read-only';
  else t.range = ranges.length === 1 ? ranges[0] : ranges[0].expandTo(ranges[1]);
}
