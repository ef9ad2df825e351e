/// <reference types="office-js" />
/**
 * Reading what a Word document says now, under tracked changes. `paragraph.text` holds deleted runs too, so a read
 * that used it would check words the officer has already struck out (and re-report our own tracked fixes).
 *
 * Sync 1 (with the paragraphs) asks the body for its reviewed texts (WordApi 1.4) and, with WordApi 1.6, its tracked
 * changes: when Current equals Original and nothing is tracked, the document has no pending revisions and the read
 * stays at ONE sync. Otherwise sync 2 queues every paragraph's reviewed texts (and tracked changes) at once, never a
 * sync per paragraph.
 */
import type { ReadNotes } from './document-host';
import { alignRevisions, hasRevisions, type RevisionMap, type TrackedChangeInfo } from './word-revisions';

export interface RevisionProbe {
  current?: OfficeExtension.ClientResult<string>;
  original?: OfficeExtension.ClientResult<string>;
  changes?: Word.TrackedChangeCollection;
  footnotes?: Word.NoteItemCollection;
  endnotes?: Word.NoteItemCollection;
}

export interface HostLevels {
  reviewed: boolean;
  trackedChanges: boolean;
  notes: boolean;
}

/** Queued with the paragraphs in sync 1. */
export function queueProbe(body: Word.Body, levels: HostLevels): RevisionProbe {
  const probe: RevisionProbe = {};
  if (levels.reviewed) {
    probe.current = body.getReviewedText('Current');
    probe.original = body.getReviewedText('Original');
  }
  if (levels.trackedChanges) {
    probe.changes = body.getTrackedChanges();
    probe.changes.load('items/type');
  }
  if (levels.notes) {
    probe.footnotes = body.footnotes;
    probe.footnotes.load('items/$none');
    probe.endnotes = body.endnotes;
    probe.endnotes.load('items/$none');
  }
  return probe;
}

/** After sync 1: does anything need the per-paragraph pass? */
export function probeFoundRevisions(probe: RevisionProbe): boolean {
  if (probe.changes && probe.changes.items.length > 0) return true;
  return Boolean(probe.current && probe.original && probe.current.value !== probe.original.value);
}

interface PendingParagraph {
  index: number;
  current: OfficeExtension.ClientResult<string>;
  original: OfficeExtension.ClientResult<string>;
  changes?: Word.TrackedChangeCollection;
}

/** Sync 2: every listed paragraph's reviewed texts, queued together. */
export function queueParagraphReviews(paragraphs: readonly Word.Paragraph[], indices: readonly number[], levels: HostLevels): PendingParagraph[] {
  return indices.map((index) => {
    const p = paragraphs[index];
    const pending: PendingParagraph = { index, current: p.getReviewedText('Current'), original: p.getReviewedText('Original') };
    if (levels.trackedChanges) {
      pending.changes = p.getTrackedChanges();
      pending.changes.load('items/type,items/text');
    }
    return pending;
  });
}

/** After sync 2: a map for each paragraph with something pending. */
export function revisionMaps(pending: readonly PendingParagraph[], texts: readonly string[]): Map<number, RevisionMap> {
  const maps = new Map<number, RevisionMap>();
  for (const p of pending) {
    const changes: TrackedChangeInfo[] | undefined = p.changes?.items.map((c) => ({ type: String(c.type), text: c.text }));
    const map = alignRevisions(texts[p.index], p.current.value, p.original.value, changes);
    if (hasRevisions(map)) maps.set(p.index, map);
  }
  return maps;
}

/** What the pane should say about the read: pending revisions, and the parts of the document no read reached. */
export function readNotes(probe: RevisionProbe, maps: ReadonlyMap<number, RevisionMap>): ReadNotes {
  const notes: ReadNotes = { notChecked: ['headers-footers', 'text-boxes', 'comments'] };
  if (maps.size > 0) notes.pendingRevisions = maps.size;
  if (probe.footnotes && probe.endnotes) {
    const footnotes = probe.footnotes.items.length;
    const endnotes = probe.endnotes.items.length;
    if (footnotes) notes.notChecked?.push('footnotes');
    if (endnotes) notes.notChecked?.push('endnotes');
  } else {
    // Before WordApi 1.5 we cannot even tell whether there are notes.
    notes.notChecked?.push('footnotes', 'endnotes');
  }
  return notes;
}
