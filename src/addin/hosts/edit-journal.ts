/**
 * What a host remembers of its latest read, so that edits (which carry offsets into the text as read)
 * still land after earlier fixes from the same check changed the paragraph: "fix one", then "fix
 * another in the same sentence" works without a re-read. Offsets are UTF-16 offsets into a paragraph's
 * full text ("read coordinates"); `map` turns them into offsets into the text as it is now.
 */
interface Shift {
  /** Read-coordinate range that an applied edit replaced. */
  start: number;
  end: number;
  /** Length change it made. */
  delta: number;
}

interface Entry {
  /** The paragraph's text as it should be now: as read, with our own applied edits. */
  text: string;
  shifts: Shift[];
}

export class EditJournal {
  private readonly entries = new Map<number, Entry>();

  /** Starts over from a read: paragraph index -> full text as read. */
  reset(paragraphs: Iterable<[number, string]>): void {
    this.entries.clear();
    for (const [index, text] of paragraphs) this.entries.set(index, { text, shifts: [] });
  }

  has(index: number): boolean {
    return this.entries.has(index);
  }

  /** The text the paragraph should have now, if it was part of the latest read. */
  expected(index: number): string | undefined {
    return this.entries.get(index)?.text;
  }

  /** Read coordinates -> current ones; null when an applied edit already covers part of the range. */
  map(index: number, start: number, end: number): { start: number; end: number } | null {
    const entry = this.entries.get(index);
    if (!entry) return { start, end };
    let delta = 0;
    for (const s of entry.shifts) {
      const empty = s.start === s.end;
      if (s.end <= start && (!empty || s.start <= start)) {
        delta += s.delta;
      } else if (s.start < end && start < s.end) {
        return null;
      } else if (empty && s.start > start && s.start < end) {
        return null;
      }
    }
    return { start: start + delta, end: end + delta };
  }

  /**
   * Records edits applied to one paragraph in one batch (read coordinates) and the paragraph's
   * resulting text.
   */
  record(index: number, applied: ReadonlyArray<{ start: number; end: number; replacement: string }>, text: string): void {
    const entry = this.entries.get(index);
    if (!entry) return;
    for (const e of applied) entry.shifts.push({ start: e.start, end: e.end, delta: e.replacement.length - (e.end - e.start) });
    entry.text = text;
  }
}

/** Applies non-overlapping edits (current coordinates) to a text, right to left. */
export function applyToText(text: string, edits: ReadonlyArray<{ start: number; end: number; replacement: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  }
  return out;
}

/** Two edits touch the same text: they overlap, or insert at the same point, or one inserts inside the other. */
export function spansOverlap(s1: number, e1: number, s2: number, e2: number): boolean {
  if (s1 < e2 && s2 < e1) return true;
  if (s1 === e1 && s2 === e2) return s1 === s2;
  if (s1 === e1) return s2 < s1 && s1 < e2;
  if (s2 === e2) return s1 < s2 && s2 < e1;
  return false;
}
