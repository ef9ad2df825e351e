/**
 * Tracked changes in a Word paragraph, from three texts Word gives us: `text` (everything in the markup: inserted
 * and deleted runs alike), the reviewed text `Current` (as if every change were accepted) and `Original` (as if every
 * change were rejected). The checker reads `Current`, so its offsets are offsets into `Current`; fixes are applied in
 * Word's own coordinates (`text`), and a fix that touches a pending revision is left alone (the officer decides on
 * the revision first). Pure functions: no Office here.
 */

export interface RevisionMap {
  /** Paragraph text as Word's `text` has it (inserted and deleted runs). */
  raw: string;
  /** The reviewed text (Current): what the document says now, and what the checker saw. */
  current: string;
  /** raw offset of each UTF-16 unit of `current`. */
  toRaw: number[];
  /** `current` offsets of inserted units. */
  inserted: boolean[];
  /** `current` offsets where a deleted run sits (between current[k-1] and current[k]). */
  deletedAt: Set<number>;
  /**
   * Texts Word reports as changed without changing the reviewed text (formatting, moves): a fix over any occurrence
   * of them is left alone too.
   */
  otherChanges: string[];
  /** False when the three texts could not be lined up: every fix in the paragraph is left alone. */
  aligned: boolean;
}

export interface TrackedChangeInfo {
  type: string;
  text: string;
}

/**
 * Lines `raw` up against `current` and `original`: each unit of raw is unchanged (in both), inserted (only in
 * current) or deleted (only in original). Greedy left to right; ambiguity only ever shifts a revision within a run
 * of equal characters next to it, and fixes next to a revision are left alone anyway.
 */
export function alignRevisions(raw: string, current: string, original: string, changes?: readonly TrackedChangeInfo[]): RevisionMap {
  const toRaw: number[] = [];
  const inserted: boolean[] = [];
  const deletedAt = new Set<number>();
  let c = 0;
  let o = 0;
  let aligned = true;
  const insertedTexts: string[] = [];
  const deletedTexts: string[] = [];
  let run: 'i' | 'd' | 'u' | null = null;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    const inCurrent = c < current.length && current[c] === ch;
    const inOriginal = o < original.length && original[o] === ch;
    let kind: 'i' | 'd' | 'u';
    if (inCurrent && inOriginal) kind = 'u';
    else if (inCurrent) kind = 'i';
    else if (inOriginal) kind = 'd';
    else {
      aligned = false;
      break;
    }
    if (kind === 'u' || kind === 'i') {
      toRaw.push(i);
      inserted.push(kind === 'i');
      c++;
    }
    if (kind === 'u' || kind === 'd') o++;
    if (kind === 'd') deletedAt.add(c);
    if (kind === 'i') {
      if (run !== 'i') insertedTexts.push('');
      insertedTexts[insertedTexts.length - 1] += ch;
    }
    if (kind === 'd') {
      if (run !== 'd') deletedTexts.push('');
      deletedTexts[deletedTexts.length - 1] += ch;
    }
    run = kind;
  }
  if (c !== current.length || o !== original.length) aligned = false;
  const otherChanges: string[] = [];
  if (aligned && changes) {
    // Word's own list of changes must agree with what the texts say was inserted and deleted.
    const added = changes.filter((x) => x.type === 'Added').map((x) => x.text).join('');
    const deleted = changes.filter((x) => x.type === 'Deleted').map((x) => x.text).join('');
    if (added !== insertedTexts.join('') || deleted !== deletedTexts.join('')) aligned = false;
    for (const x of changes) if (x.type !== 'Added' && x.type !== 'Deleted' && x.text) otherChanges.push(x.text);
  }
  return { raw, current, toRaw, inserted, deletedAt, otherChanges, aligned };
}

/** Whether a paragraph has anything pending: its map says so. */
export function hasRevisions(map: RevisionMap): boolean {
  return !map.aligned || map.deletedAt.size > 0 || map.inserted.some(Boolean) || map.otherChanges.length > 0;
}

/** A range of `current` [start, end) overlaps or borders a pending revision. */
export function touchesRevision(map: RevisionMap, start: number, end: number): boolean {
  if (!map.aligned) return true;
  for (let k = Math.max(0, start - 1); k < Math.min(map.current.length, end + 1); k++) {
    const inside = k >= start && k < end;
    if (map.inserted[k] && (inside || (start === end && (k === start - 1 || k === start)))) return true;
  }
  for (const at of map.deletedAt) if (at >= start && at <= end) return true;
  for (const text of map.otherChanges) {
    for (let at = map.current.indexOf(text); at >= 0; at = map.current.indexOf(text, at + 1)) {
      if (at < end && start < at + text.length) return true;
    }
  }
  return false;
}

/** `current` offsets [start, end) -> raw offsets (for a range that touches no revision). */
export function currentToRaw(map: RevisionMap, start: number, end: number): { start: number; end: number } {
  const at = (k: number): number => (k < map.toRaw.length ? map.toRaw[k] : map.raw.length);
  const rawStart = start < map.toRaw.length ? map.toRaw[start] : start === 0 ? 0 : at(start - 1) + 1;
  if (end === start) {
    const point = start === 0 ? (map.toRaw[0] ?? 0) : map.toRaw[start - 1] + 1;
    return { start: point, end: point };
  }
  return { start: rawStart, end: map.toRaw[end - 1] + 1 };
}

/** raw offset -> `current` offset (the first current unit at or after it). */
export function rawToCurrent(map: RevisionMap, rawOffset: number): number {
  let k = 0;
  while (k < map.toRaw.length && map.toRaw[k] < rawOffset) k++;
  return k;
}
