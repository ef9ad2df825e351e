/**
 * Personal data in text: one implementation for the checker's personal-data rule (core/checks pii) and the
 * gateway's redaction. Pure TypeScript, no Node imports (it runs in the task pane too). One small module per
 * kind; each matches ASCII patterns on folded text (full-width, odd spaces and dashes, invisible characters
 * taken care of once, in fold.ts), and every find is mapped back onto the original text.
 */
import { findEmails } from './email';
import { fold, originalSpan } from './fold';
import { findHkids } from './hkid';
import { findPassports } from './passport';
import { findPhones } from './phone';

export { hkidCheckDigit, isValidHkid } from './hkid';
export { mrzCheckDigit } from './passport';
export { fold } from './fold';

export type PersonalDataKind = 'hkid' | 'phone' | 'email' | 'passport';
export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ['hkid', 'phone', 'email', 'passport'];

export interface PersonalDataMatch {
  kind: PersonalDataKind;
  start: number;
  end: number;
  text: string;
}

export interface FindOptions {
  kinds?: readonly PersonalDataKind[];
  /**
   * true (the checker): only finds that are certain, e.g. an HKID with a valid check digit. false (the
   * redactor): also what only looks like one, e.g. an HKID with a bracketed but wrong check digit.
   */
  strict?: boolean;
}

const FINDERS: Record<PersonalDataKind, (text: string, strict: boolean) => Array<{ start: number; end: number }>> = {
  hkid: findHkids,
  phone: findPhones,
  email: findEmails,
  passport: findPassports,
};

/** Every find, in text order (overlapping finds of different kinds are all returned). */
export function findPersonalData(text: string, options: FindOptions = {}): PersonalDataMatch[] {
  const { kinds = PERSONAL_DATA_KINDS, strict = true } = options;
  const folded = fold(text);
  const out: PersonalDataMatch[] = [];
  for (const kind of kinds) {
    for (const s of FINDERS[kind](folded.text, strict)) {
      const { start, end } = originalSpan(folded, s.start, s.end);
      out.push({ kind, start, end, text: text.slice(start, end) });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}
