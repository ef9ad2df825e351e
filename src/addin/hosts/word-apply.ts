/// <reference types="office-js" />
/**
 * Applying located fixes in Word.
 *
 * Normal case: sync 1 locates every fix (word-locate.ts), sync 2 applies all of them in ONE batch; with tracked
 * changes the officer's mode is restored in a `finally` by its own Word.run (sync 3), so a batch that fails part-way
 * never leaves the document in TrackAll. That is 1 read and at most 2 writes, however many fixes.
 *
 * When the batch fails (Word applies the actions queued before the failing one and none after it), the paragraphs
 * concerned are read again to tell which fixes landed, and the rest are retried one batch each: one bad fix (a
 * protected range, a text Word will not take) never sinks the others; it is reported as `failed`.
 */
import type { TextEdit } from './document-host';
import { applyToText, type EditJournal } from './edit-journal';
import { locateTargets, type Locate } from './word-locate';
import type { RevisionMap } from './word-revisions';

export interface ApplyContext {
  journal: EditJournal;
  revisions: ReadonlyMap<number, RevisionMap>;
}

/** Marks each loc applied (range set, no skip) or skipped with its reason. */
export async function applyLocated(locs: Locate[], track: boolean, ctx: ApplyContext): Promise<void> {
  let mode: string | undefined;
  let changed = false;
  try {
    await Word.run(async (context) => {
      mode = await locateTargets(context, locs, ctx.journal, { loadMode: track, readOnly: true });
      const ready = locs.filter((l) => !l.skip && l.range);
      if (ready.length === 0) return;
      if (track && mode !== 'TrackAll') {
        context.document.changeTrackingMode = 'TrackAll';
        changed = true;
      }
      for (const loc of ready) queueEdit(loc);
      try {
        await context.sync();
        return;
      } catch {
        // Fall back below, in the same context: the located ranges are still good.
      }
      await recover(context, ready, track, ctx);
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

function queueEdit(loc: Locate): void {
  const edit = loc.target as TextEdit;
  const range = loc.range as Word.Range;
  if (loc.insert) range.insertText(edit.replacement, loc.insert);
  else if (edit.replacement === '') range.delete();
  else range.insertText(edit.replacement, 'Replace');
}

/** After a failed batch: which fixes landed (paragraph by paragraph, in queue order), then the rest one by one. */
async function recover(context: Word.RequestContext, ready: Locate[], track: boolean, ctx: ApplyContext): Promise<void> {
  const paragraphs = context.document.body.paragraphs;
  paragraphs.load('items/text');
  await context.sync();
  const byParagraph = new Map<number, Locate[]>();
  for (const loc of ready) byParagraph.set(loc.index, [...(byParagraph.get(loc.index) ?? []), loc]);
  // With tracked changes the paragraph's text keeps the deleted runs: compare what it now reads as.
  const views = new Map<number, OfficeExtension.ClientResult<string> | string>();
  for (const index of byParagraph.keys()) {
    const p = paragraphs.items[index];
    if (!p) continue;
    views.set(index, track ? p.getReviewedText('Current') : p.text);
  }
  if (track) await context.sync();

  const retry: Locate[] = [];
  for (const [index, list] of byParagraph) {
    const view = views.get(index);
    const now = typeof view === 'string' ? view : view?.value;
    const map = track ? ctx.revisions.get(index) : undefined;
    const base = map ? map.current : ctx.journal.expected(index);
    const spans = list.map((l) => ({
      start: map ? (l.viewStart ?? l.start) : l.start,
      end: map ? (l.viewEnd ?? l.end) : l.end,
      replacement: (l.target as TextEdit).replacement,
    }));
    let landed = -1;
    if (now !== undefined && base !== undefined) {
      for (let j = 0; j <= list.length && landed < 0; j++) if (applyToText(base, spans.slice(0, j)) === now) landed = j;
    }
    if (landed < 0) {
      // The paragraph matches no prefix of our batch: we cannot tell what happened there, so touch it no more.
      for (const l of list) l.skip = 'failed';
      continue;
    }
    retry.push(...list.slice(landed));
  }
  retry.sort((a, b) => ready.indexOf(a) - ready.indexOf(b));
  for (const loc of retry) {
    queueEdit(loc);
    try {
      await context.sync();
    } catch {
      loc.skip = 'failed';
    }
  }
}
