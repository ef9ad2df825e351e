/**
 * Hong Kong Identity Card numbers: one or two letters, six digits and a check digit (0-9 or A), written
 * A123456(3), AB987654(3), a123456(3), A 123456 (3), A123456（3）, Ａ１２３４５６（３）, A123456-3, A1234563.
 * Matched on folded text (see fold.ts), so full-width forms need no pattern of their own.
 *
 * The check digit: letters count 10-35 (a missing second letter counts 36), weights 9 down to 2, mod 11.
 * Which finds need it to be valid:
 * - a bracketed check digit "(3)" is the card's own way of writing the number, and nothing else in official
 *   writing looks like it, so a redactor takes it even with a wrong check digit (a mistyped HKID is still
 *   somebody's HKID); the checker (`strict`) reports only valid ones, so a finding is never a false claim;
 * - without brackets ("A123456-3", "A1234563") the shape is shared by file and model numbers, so the check
 *   digit must be valid and the letters capitals, in every mode;
 * - the checker also wants the letters to look like an HKID's, not a word's ("No 123456(2)", "to 123456(3)").
 */
export function hkidCheckDigit(letters: string, digits: string): string {
  const up = letters.toUpperCase();
  const chars = up.length === 1 ? [36, up.charCodeAt(0) - 55] : [up.charCodeAt(0) - 55, up.charCodeAt(1) - 55];
  const values = [...chars, ...[...digits].map(Number)];
  const sum = values.reduce((acc, v, i) => acc + v * (9 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

export function isValidHkid(letters: string, digits: string, check: string): boolean {
  return hkidCheckDigit(letters, digits) === check.toUpperCase();
}

// Groups: 1 letters, 2 digits, then the check digit: 3 bracketed, 4 after a hyphen, 5 bare (optionally after a space).
const HKID = /(?<![A-Za-z0-9])([A-Za-z]{1,2}) ?(\d{6})(?: ?\( ?([0-9Aa]) ?\)|-([0-9A])| ?([0-9A]))(?![A-Za-z0-9])/g;

export interface SpanMatch {
  start: number;
  end: number;
}

/** HKID numbers in (folded) text. `strict`: a valid check digit always (the checker); else see above. */
export function findHkids(text: string, strict: boolean): SpanMatch[] {
  const out: SpanMatch[] = [];
  HKID.lastIndex = 0;
  for (let m = HKID.exec(text); m; m = HKID.exec(text)) {
    const [, letters, digits, bracketed, hyphened, bare] = m;
    const check = bracketed ?? hyphened ?? bare;
    const valid = isValidHkid(letters, digits, check);
    const upper = letters === letters.toUpperCase();
    // For the checker, a word before a number only looks like an HKID: "No 123456(2)" (a word's mixed case),
    // "to 123456(3)" (small letters and a space). The redactor takes them too, erring towards redacting.
    const spaced = m[0].charAt(letters.length) === ' ';
    const shaped = !strict || upper || (letters === letters.toLowerCase() && !spaced);
    const ok = !shaped ? false : bracketed !== undefined ? valid || !strict : valid && upper;
    if (ok) out.push({ start: m.index, end: m.index + m[0].length });
    else if (bracketed === undefined) HKID.lastIndex = m.index + 1; // a shorter find may start inside it
  }
  return out;
}
