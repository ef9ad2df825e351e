/**
 * Passport and travel-document numbers. What can be checked, honestly:
 * - The number printed on the data page has no check digit of its own. A check digit exists only in the
 *   machine-readable zone (ICAO Doc 9303: weights 7, 3, 1 over digits, A-Z = 10-35, "<" = 0), so an MRZ
 *   second line is taken when its document-number, birth-date and expiry check digits all agree, and the
 *   name line above it goes with it.
 * - Elsewhere only the shape can be matched. Shapes distinctive enough to take on their own: the HKSAR
 *   passport (H or K and eight digits), the Mainland China passport (E and eight digits, or E, a letter and
 *   seven digits; the older G and eight digits) and the Mainland Travel Permit for Hong Kong and Macao
 *   Residents (H or M and eight digits, sometimes two more for the issue count).
 * - Any other country's number (the BN(O) and British passports are nine digits, most others one or two
 *   letters and six to nine digits) looks like any reference number, so it is taken only after a word that
 *   introduces it: passport (no.), travel document, 護照(號碼), 旅行證件, 回鄉證, 通行證.
 */
import type { SpanMatch } from './hkid';

const SHAPED = /(?<![A-Za-z0-9])(?:[HKhk]\d{8}|[HMhm]\d{10}|[EGeg]\d{8}|[Ee][A-HJ-NP-Za-hj-np-z]\d{7})(?![A-Za-z0-9])/g;
const INTRODUCED = /(?:passport|travel\s+document|護照|旅行證件|回鄉證|回港證|通行證)(?:\s*(?:no\.?|number|num\.?|#|號碼|編號|號))?\s*(?:is|為|:|：)?\s*([A-Za-z]{0,2}\d{6,9})(?![A-Za-z0-9])/gi;
/** TD3 (passport) MRZ: a name line of 44 and a data line of 44, "<" as filler. */
const MRZ_DATA = /(?<![A-Z0-9<])([A-Z0-9<]{9})([0-9])[A-Z<]{3}([0-9]{6})([0-9])[MFX<]([0-9]{6})([0-9])[A-Z0-9<]{14}[0-9<][0-9](?![A-Z0-9<])/g;
const MRZ_NAME = /P[A-Z<][A-Z<]{3}[A-Z<]{39}\s*$/;

/** ICAO 9303 check digit of an MRZ field. */
export function mrzCheckDigit(field: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    const v = c === '<' ? 0 : c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * weights[i % 3];
  }
  return String(sum % 10);
}

export function findPassports(text: string): SpanMatch[] {
  const out: SpanMatch[] = [];
  for (const m of text.matchAll(SHAPED)) out.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(INTRODUCED)) {
    const start = m.index + m[0].length - m[1].length;
    out.push({ start, end: start + m[1].length });
  }
  if (text.includes('<<')) {
    for (const m of text.matchAll(MRZ_DATA)) {
      const [, number, nCheck, birth, bCheck, expiry, eCheck] = m;
      if (mrzCheckDigit(number) !== nCheck || mrzCheckDigit(birth) !== bCheck || mrzCheckDigit(expiry) !== eCheck) continue;
      const name = MRZ_NAME.exec(text.slice(Math.max(0, m.index - 50), m.index));
      const start = name ? m.index - (Math.min(50, m.index) - name.index) : m.index;
      out.push({ start, end: m.index + m[0].length });
    }
  }
  return out;
}
