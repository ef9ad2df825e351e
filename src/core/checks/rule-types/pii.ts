import type { z } from 'zod';
import { formatMessage } from '../message';
import type { PiiRule } from '../spec';
import type { CompiledRule } from '../types';
import { findMarkings } from './classification';
import { findPersonalData as findAll } from '../../personal-data';

type Spec = z.infer<typeof PiiRule>;

export interface PiiMatch {
  kind: 'hkid' | 'phone' | 'email';
  start: number;
  end: number;
  text: string;
}

// One implementation of the patterns for the checker and the gateway's redaction (core/personal-data).
export { hkidCheckDigit, isValidHkid } from '../../personal-data';

/** Personal data in a text, as the checker reports it: only certain finds (an HKID's check digit valid). */
export function findPersonalData(text: string, kinds: ReadonlyArray<PiiMatch['kind']> = ['hkid', 'phone', 'email']): PiiMatch[] {
  return findAll(text, { kinds, strict: true }) as PiiMatch[];
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
