/**
 * One spelling for matching personal data: full-width ASCII forms (Ａ１２３＠（）．－, not ，) become ASCII, the many
 * Unicode spaces become a space, dashes and minus signs a hyphen, ﹫ an at sign, and invisible characters
 * (zero-width spaces and joiners, word joiner, soft hyphen, BOM) are dropped, so "9123\u200B4567" is seen as
 * one number. The patterns then only need to know ASCII.
 *
 * `start[i]` and `end[i]` give where folded character i came from in the original, so a match on the folded
 * text is replaced in the original, whatever it was spelt with (nothing of it is left behind).
 */
export interface Folded {
  text: string;
  /** Original index of each folded UTF-16 unit; absent when nothing was folded (the identity). */
  start?: number[];
  /** Original end index (exclusive) of each folded UTF-16 unit. */
  end?: number[];
}

/** Any character foldUnit changes (a quick test, so plain text costs one scan and no index arrays). */
const FOLDABLE = /[\uff01-\uff0b\uff0d-\uff5e\u3000\u00a0\u2000-\u200d\u202f\u205f\u2010-\u2015\u2212\ufe52\ufe58\ufe59\ufe5a\ufe63\ufe6b\u00ad\u180e\u2060\ufeff]/;

const INVISIBLE = new Set([0x00ad, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

function foldUnit(c: number): number | undefined {
  // Full-width ASCII forms, except the full-width comma: in Chinese it ends a clause ("2025，9123 4567"), it
  // never groups thousands, so it must not look like the "," of "12,345,678" to the patterns.
  if (c === 0xff0c) return undefined;
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x3000 || c === 0x00a0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f) return 0x20;
  if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe58 || c === 0xfe63) return 0x2d; // dashes, minus
  if (c === 0xfe6b) return 0x40; // ﹫ small commercial at
  if (c === 0xfe52) return 0x2e; // ﹒ small full stop
  if (c === 0xfe59) return 0x28; // ﹙
  if (c === 0xfe5a) return 0x29; // ﹚
  if (INVISIBLE.has(c)) return -1;
  return undefined;
}

const FOLDABLE_ALL = new RegExp(FOLDABLE.source, 'g');
const HAS_INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060\ufeff]/;

export function fold(text: string): Folded {
  if (!FOLDABLE.test(text)) return { text };
  // Without invisible characters every unit folds to one unit: same length, the identity mapping.
  if (!HAS_INVISIBLE.test(text)) return { text: text.replace(FOLDABLE_ALL, (c) => String.fromCharCode(foldUnit(c.charCodeAt(0)) ?? c.charCodeAt(0))) };
  const start: number[] = [];
  const end: number[] = [];
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = foldUnit(c);
    if (f === -1) continue;
    out.push(f === undefined ? text[i] : String.fromCharCode(f));
    start.push(i);
    end.push(i + 1);
  }
  return { text: out.join(''), start, end };
}

/** The original span of folded [from, to). */
export function originalSpan(f: Folded, from: number, to: number): { start: number; end: number } {
  if (!f.start || !f.end) return { start: from, end: to };
  return { start: f.start[from], end: f.end[to - 1] };
}
