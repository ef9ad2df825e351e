/**
 * Hong Kong phone numbers: eight digits under the 8-digit numbering plan, optionally after +852, 00852,
 * (852), (+852) or 852, written 91234567, 9123 4567, 9123-4567, (2345) 6789, 9 1 2 3 4 5 6 7, or in
 * full-width digits (matched on folded text, see fold.ts).
 *
 * Which leading digits: every level of the plan that holds subscriber numbers. Fixed lines are on 2 and 3;
 * mobiles on 5, 6 and 9, and since 2018 also on 4, 7 and 8 (OFCA press release "Mobile Numbers with New
 * Prefixes Soon be Launched", 5 February 2018, after the Communications Authority's statement "More Efficient
 * Utilisation of the 8-digit Numbering Plan", 24 June 2016: the 4X, 7(0-3)X and 8(1-3)X levels re-allocated
 * to mobile); pagers and personal numbers are on 7 and 8. A redactor errs towards redacting, so it takes whole
 * levels rather than the blocks allocated today (new blocks are allocated every year). The one exception is
 * level 20, which holds no numbers of any kind (libphonenumber's metadata for HK, kept from OFCA's allocation
 * tables, has no 20 block either): so "2025 1234", a year and a number, is not a phone.
 *
 * Not phones: a number inside a longer run of digits or letters, an amount ($2345 6789, 12345678元),
 * decimals and thousands (1.23456789), a reference segment (HAD/2345 6789), a date (20250101年).
 */
import type { SpanMatch } from './hkid';

const PREFIX = String.raw`(?:(?:\+|00) ?852|\(\+?852\)|852)[ -]?`;
const SEP = String.raw`(?: ?- ?| {1,2})`;
/** The local number; `lead` is its first digit's pattern. */
const body = (lead: string) =>
  [
    String.raw`${lead}\d{3}${SEP}?\d{4}`, // 91234567, 9123 4567, 9123-4567
    String.raw`\(${lead}\d{3}\) ?\d{4}`, // (2345) 6789
    String.raw`${lead}(?:[ -]\d){7}`, // 9 1 2 3 4 5 6 7
  ].join('|');
/** With +852 in front any level 2-9 is taken; alone, not the empty level 20 (nor "2 0 …" spaced). */
const LOCAL = body(String.raw`(?!2[ -]?0)[2-9]`);
const DIALLED = body('[2-9]');
const BEFORE = String.raw`(?<![A-Za-z0-9_$/\\])(?<!\d[.,])`;
const AFTER = String.raw`(?![A-Za-z0-9_%]|[.,]\d|/\d|[年月日號号元])`;

const PHONE = new RegExp(`${BEFORE}(?:${PREFIX}(?:${DIALLED})|(?:${LOCAL}))${AFTER}`, 'g');

export function findPhones(text: string): SpanMatch[] {
  const out: SpanMatch[] = [];
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text); m; m = PHONE.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}
