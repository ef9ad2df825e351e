/**
 * Fixes that never corrupt good text. A replacement is offered only if
 * - it does not repeat what its neighbours already say: where a word of the source runs across the edge of the hit
 *   (知道 in 唔知|道), 唔知 -> 不知道 becomes 不知 (never 不知道道), and the same at the front;
 * - it does not double a character with its neighbour that the source did not double;
 * - the text it yields is accepted by the same rules (no literal rule finds anything across the replacement).
 * Anything else is dropped from the finding's fixes (the finding stays: the officer rewrites by hand).
 */
import type { Fix } from './types';
import { wordCrosses } from './context/words';

/** How many characters either side the checks look at. */
export const FIX_CONTEXT = 4;

function trimOverlap(text: string, start: number, end: number, replacement: string): string {
  const found = text.slice(start, end);
  let r = replacement;
  const after = text.slice(end, end + FIX_CONTEXT);
  for (let k = Math.min(r.length - 1, after.length); k >= 1; k--) {
    const s = after.slice(0, k);
    if (r.endsWith(s) && !found.endsWith(s) && wordCrosses(text, end)) {
      r = r.slice(0, r.length - k);
      break;
    }
  }
  const before = text.slice(Math.max(0, start - FIX_CONTEXT), start);
  for (let k = Math.min(r.length - 1, before.length); k >= 1; k--) {
    const s = before.slice(before.length - k);
    if (r.startsWith(s) && !found.startsWith(s) && wordCrosses(text, start)) {
      r = r.slice(k);
      break;
    }
  }
  return r;
}

function doublesNeighbour(text: string, start: number, end: number, replacement: string): boolean {
  if (!replacement) return false;
  const prev = text[start - 1];
  const next = text[end];
  const found = text.slice(start, end);
  const doubledBefore = prev !== undefined && replacement[0] === prev && found[0] !== prev;
  const doubledAfter = next !== undefined && replacement[replacement.length - 1] === next && found[found.length - 1] !== next;
  return doubledBefore || doubledAfter;
}

/**
 * The safe fixes among those a rule offers for text[start, end). `stillFound(window, from, to)` says whether the
 * rules find anything overlapping [from, to) of the window (the fixed text around the replacement).
 */
export function safeFixes(
  text: string,
  start: number,
  end: number,
  fixes: readonly Fix[],
  stillFound: (window: string, from: number, to: number) => boolean,
): Fix[] {
  const out: Fix[] = [];
  const seen = new Set<string>();
  const found = text.slice(start, end);
  for (const fix of fixes) {
    // "Leave it as it is" (license the verb, beside licence the noun) is always a safe choice.
    if (fix.replacement === found) {
      if (!seen.has(found)) out.push(fix);
      seen.add(found);
      continue;
    }
    const r = trimOverlap(text, start, end, fix.replacement);
    if (seen.has(r)) continue;
    if (doublesNeighbour(text, start, end, r)) continue;
    const lo = Math.max(0, start - FIX_CONTEXT);
    const window = text.slice(lo, start) + r + text.slice(end, end + FIX_CONTEXT);
    const from = start - lo;
    if (r && stillFound(window, from, from + r.length)) continue;
    seen.add(r);
    out.push(r === fix.replacement ? fix : { ...fix, replacement: r });
  }
  return out;
}
