/**
 * Email addresses, ASCII and internationalised (RFC 6531 local parts, IDN domains): chan.tm@example.com,
 * chan＠example．com (full-width, folded first, see fold.ts), 陳大文@例子.香港, müller@münchen.de,
 * user@xn--fiqs8s.
 *
 * Chinese prose has no spaces, so where a local part or a label ends is decided by script: a run is either
 * Latin (ASCII letters, Latin letters with diacritics, digits) or one of the other scripts (Han, Cyrillic,
 * Greek…, with digits), never both. So "請電郵chan@fehd.gov.hk查詢" finds chan@fehd.gov.hk and no Chinese
 * word around it. The price: a Chinese local part runs back over the Chinese words before it
 * ("請電郵陳大文@例子.香港" is taken whole; restored whole too, so the officer loses nothing), and a local part
 * that mixes Latin and Chinese ("chan大文@…") is taken only from its Chinese part.
 */
import type { SpanMatch } from './hkid';

/** A Latin-script character (ASCII letters included) or a digit, with combining marks. */
const LAT = String.raw`[0-9\p{Script=Latin}\p{M}]`;
/** A letter, mark or digit of any other script. */
const OTH = String.raw`(?:(?!\p{Script=Latin})[\p{L}\p{M}\p{Nd}])`;
/** The same without digits: a top-level domain is letters only (.香港, .рф). */
const OTH_LETTER = String.raw`(?:(?!\p{Script=Latin})[\p{L}\p{M}])`;

// No look-behind needed: the search is leftmost, so a run is taken from its first character. Lengths are
// bounded (RFC 5321: 64 for a local part, 63 for a label), so a long run of letters costs linear time.
const LOCAL = String.raw`(?:${LAT}(?:${LAT}|[._%+-]){0,63}|${OTH}(?:${OTH}|[._+-]){0,63})`;
const LABEL = String.raw`(?:${LAT}{1,63}(?:-{1,4}${LAT}{1,63}){0,8}|${OTH}{1,63}(?:-{1,4}${OTH}{1,63}){0,8})`;
const TLD = String.raw`(?:[A-Za-z]{2,63}(?![0-9\p{Script=Latin}\p{M}-])|xn--[A-Za-z0-9-]{2,59}(?![0-9A-Za-z-])|${OTH_LETTER}{2,}(?!${OTH_LETTER}))`;

const EMAIL = new RegExp(`${LOCAL}@(?:${LABEL}\\.)+${TLD}`, 'gu');

/**
 * Matched in a window around each "@" (a local part is at most 64 characters, a domain 255), so the cost is
 * the number of "@" signs, not the length of the text.
 */
export function findEmails(text: string): SpanMatch[] {
  const out: SpanMatch[] = [];
  let covered = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at < covered) continue;
    const from = Math.max(covered, at - 64);
    const window = text.slice(from, Math.min(text.length, at + 256));
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(window); m; m = EMAIL.exec(window)) {
      const start = from + m.index;
      if (start > at) break;
      out.push({ start, end: start + m[0].length });
      covered = start + m[0].length;
      break;
    }
  }
  return out;
}
