/// <reference types="office-js" />
/**
 * Inserting a draft where the officer means it (Word).
 *
 * Sync 1 reads where the selection sits in its paragraphs (and the tracking mode); sync 2 writes everything; with
 * tracked changes the officer's mode is restored afterwards in a `finally` with its own Word.run.
 *
 * - "Insert at cursor": a single sentence goes in at the cursor, inline. Several blocks become their own paragraphs
 *   at the cursor: into an empty paragraph, before the paragraph when the cursor is at its start, after it when at its
 *   end, and in the middle the paragraph is split at the cursor (insertText "\n", which Word makes a paragraph break).
 * - "Replace selection": one paragraph's selection replaced by one block is `insertText(text, 'Replace')`, in place.
 *   Otherwise the first selected part takes the first block in place, the other blocks follow it as paragraphs, the
 *   wholly selected paragraphs after it are deleted (no empty paragraph is left) and a partly selected last paragraph
 *   loses only its selected text.
 * - Paragraphs take built-in styles (Heading1-3, Normal, ListParagraph) and list items become a real Word list:
 *   the first item of each run starts a new list (`startNewList`); the next items are inserted after it and so stay in
 *   it, as typing Enter in a list does; a paragraph after a list leaves it (`detachFromList`).
 */
import type { DraftBlock } from './document-host';

/** Built-in style names, locale-independent (WordApi 1.3 `styleBuiltIn`). */
export const DRAFT_STYLES = {
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  paragraph: 'Normal',
  'list-item': 'ListParagraph',
} as const;

export function draftStyle(block: DraftBlock): string {
  if (block.kind === 'heading') {
    const level = Math.min(3, Math.max(1, Math.trunc(block.level ?? 1) || 1));
    return DRAFT_STYLES[`heading${level}` as 'heading1'];
  }
  return DRAFT_STYLES[block.kind];
}

const stripMarks = (s: string): string => s.replace(/[\r\n\u0007]+$/u, '');

export type InsertMode = 'cursor' | 'replace-selection';

/** What sync 1 queued, to be read after it. */
export interface InsertProbe {
  sel: Word.Range;
  paragraphs: Word.ParagraphCollection;
  head: Word.Range;
  tail: Word.Range;
}

export function queueInsertProbe(context: Word.RequestContext): InsertProbe {
  const sel = context.document.getSelection();
  sel.load('text');
  const paragraphs = sel.paragraphs;
  paragraphs.load('items/text');
  const head = paragraphs.getFirst().getRange('Start').expandTo(sel.getRange('Start'));
  head.load('text');
  const tail = sel.getRange('End').expandTo(paragraphs.getLast().getRange('End'));
  tail.load('text');
  return { sel, paragraphs, head, tail };
}

/** The draft's extent, to wrap in a content control. */
export interface Inserted {
  first: Word.Range;
  last: Word.Range;
}

/** Styles a paragraph for its block and keeps list runs real lists. */
function shape(p: Word.Paragraph, block: DraftBlock, previous: DraftBlock | undefined): void {
  p.styleBuiltIn = draftStyle(block) as Word.BuiltInStyleName;
  const inList = previous?.kind === 'list-item';
  if (block.kind === 'list-item' && !inList) p.startNewList();
  else if (block.kind !== 'list-item' && inList) p.detachFromList();
}

/** Blocks[from..] as paragraphs after `anchor` (whose block is blocks[from - 1], if it was one of ours). */
function chainAfter(anchor: Word.Paragraph, blocks: readonly DraftBlock[], from: number, anchorIsOurs: boolean): Word.Paragraph {
  let prev = anchor;
  for (let i = from; i < blocks.length; i++) {
    const p = prev.insertParagraph(blocks[i].text, 'After');
    // A paragraph inserted after the officer's own list item would join their list: ours start afresh.
    shape(p, blocks[i], i === from && !anchorIsOurs ? undefined : blocks[i - 1]);
    prev = p;
  }
  return prev;
}

const whole = (p: Word.Paragraph): Word.Range => p.getRange('Whole');

/** Queues the insertion (sync 2). */
export function queueInsert(probe: InsertProbe, blocks: readonly DraftBlock[], mode: InsertMode): Inserted {
  const items = probe.paragraphs.items;
  const selected = stripMarks(probe.sel.text);
  const before = stripMarks(probe.head.text);
  const after = stripMarks(probe.tail.text);
  const single = blocks.length === 1 && blocks[0].kind === 'paragraph';
  if (mode === 'replace-selection' && selected !== '') return replaceSelection(probe, blocks, items, before, after);

  // At the cursor (the selection's end).
  const point = probe.sel.getRange('End');
  const para = items[items.length - 1];
  const paraText = stripMarks(para.text);
  const cursorAt = paraText.length - after.length;
  if (single && paraText !== '') {
    const r = point.insertText(blocks[0].text, 'Replace');
    return { first: r, last: r };
  }
  let first: Word.Paragraph;
  if (paraText === '') {
    para.insertText(blocks[0].text, 'Start');
    first = para;
    shape(first, blocks[0], undefined);
  } else if (cursorAt >= paraText.length) {
    first = para.insertParagraph(blocks[0].text, 'After');
    shape(first, blocks[0], undefined);
  } else if (cursorAt <= 0) {
    first = para.insertParagraph(blocks[0].text, 'Before');
    shape(first, blocks[0], undefined);
  } else {
    // Mid-paragraph: split it at the cursor, then the draft goes between the halves.
    const split = point.insertText('\n', 'Replace');
    first = split.paragraphs.getFirst().insertParagraph(blocks[0].text, 'After');
    shape(first, blocks[0], undefined);
  }
  const last = chainAfter(first, blocks, 1, true);
  return { first: whole(first), last: whole(last) };
}

function replaceSelection(probe: InsertProbe, blocks: readonly DraftBlock[], items: Word.Paragraph[], before: string, after: string): Inserted {
  const { sel } = probe;
  // A selection that ends at the very start of a paragraph (a triple-click takes the mark) does not touch it.
  let k = items.length;
  if (k > 1 && stripMarks(items[k - 1].text).length === after.length) k -= 1;
  if (k === 1 && blocks.length === 1) {
    const r = sel.insertText(blocks[0].text, 'Replace');
    return { first: r, last: r };
  }
  const firstWhole = before === '' && (k > 1 || after === '');
  const lastWhole = after === '' || k < items.length;
  // The rest of the selection goes first, so the ranges below still mean what they meant.
  for (let i = k - 1; i >= 1; i--) {
    if (i < k - 1 || lastWhole) items[i].delete();
    else items[i].getRange('Start').expandTo(sel.getRange('End')).delete();
  }
  let anchor: Word.Paragraph;
  let first: Word.Range;
  if (firstWhole) {
    first = items[0].insertText(blocks[0].text, 'Replace');
    shape(items[0], blocks[0], undefined);
    anchor = items[0];
  } else {
    // Part of the first paragraph: the first block replaces that part in place, keeping the paragraph's style.
    const part = k === 1 ? sel : sel.getRange('Start').expandTo(items[0].getRange('Content').getRange('End'));
    first = part.insertText(blocks[0].text, 'Replace');
    if (k === 1 && after !== '' && blocks.length > 1) first.getRange('End').insertText('\n', 'Replace');
    anchor = first.paragraphs.getFirst();
  }
  if (blocks.length === 1) return { first, last: first };
  const last = chainAfter(anchor, blocks, 1, firstWhole);
  return { first, last: whole(last) };
}
