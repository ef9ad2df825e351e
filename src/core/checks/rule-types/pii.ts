import type { z } from 'zod';
import { formatMessage } from '../message';
import type { PiiRule } from '../spec';
import type { CompiledRule } from '../types';
import { findMarkings } from './classification';
import { matchAll } from './shared';

type Spec = z.infer<typeof PiiRule>;

export interface PiiMatch {
  kind: 'hkid' | 'phone' | 'email';
  start: number;
  end: number;
  text: string;
}

const HKID = /(?<![A-Za-z0-9])([A-Z]{1,2})(\d{6})\s?(?:\(([0-9A])\)|([0-9A]))(?![A-Za-z0-9])/g;
const PHONE = /(?<![\d\w+])(?:\+852[ -]?)?[235679]\d{3} ?\d{4}(?![\d年月日])/g;
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g;

/** The HKID check digit: letters count 10-35, a missing second letter counts 36, weights 9 down to 2. */
export function hkidCheckDigit(letters: string, digits: string): string {
  const chars = letters.length === 1 ? [36, letters.charCodeAt(0) - 55] : [letters.charCodeAt(0) - 55, letters.charCodeAt(1) - 55];
  const values = [...chars, ...[...digits].map(Number)];
  const sum = values.reduce((acc, v, i) => acc + v * (9 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

export function isValidHkid(letters: string, digits: string, check: string): boolean {
  return hkidCheckDigit(letters, digits) === check;
}

/** Personal data in a text: HKID numbers with a valid check digit, HK phone numbers, email addresses. */
export function findPersonalData(text: string, kinds: ReadonlyArray<PiiMatch['kind']> = ['hkid', 'phone', 'email']): PiiMatch[] {
  const out: PiiMatch[] = [];
  if (kinds.includes('hkid')) {
    for (const m of matchAll(HKID, text)) {
      if (isValidHkid(m[1], m[2], m[3] ?? m[4])) out.push({ kind: 'hkid', start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  if (kinds.includes('phone')) {
    for (const m of matchAll(PHONE, text)) out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  if (kinds.includes('email')) {
    for (const m of matchAll(EMAIL, text)) out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function compilePii(id: string, spec: Spec): CompiledRule {
  const allow = spec.allow.map((d) => d.toLowerCase());
  const context = spec.officialContext.map((w) => w.toLowerCase());
  const isAllowedEmail = (email: string) => {
    const domain = email.slice(email.indexOf('@') + 1).toLowerCase();
    return allow.some((d) => domain === d || domain.endsWith(`.${d}`));
  };
  const isOfficialLine = (text: string, start: number) => {
    const before = text.slice(Math.max(0, start - 24), start).toLowerCase();
    return context.some((w) => before.includes(w));
  };
  return {
    id,
    level: spec.level,
    checkDocument(doc, emit) {
      const marked = spec.markedLevel !== undefined && findMarkings(doc.blocks).length > 0;
      for (const block of doc.blocks) {
        for (const m of findPersonalData(block.text, [spec.kind])) {
          if (m.kind === 'email' && isAllowedEmail(m.text)) continue;
          if (m.kind === 'phone' && isOfficialLine(block.text, m.start)) continue;
          emit({
            block: block.id,
            start: m.start,
            end: m.end,
            text: m.text,
            level: marked ? spec.markedLevel : spec.level,
            message: formatMessage(spec.message, [spec.name['zh-HK']], [spec.name.en]),
            fixes: [],
          });
        }
      }
    },
  };
}
