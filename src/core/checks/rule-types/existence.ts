import { formatMessage } from '../message';
import type { ExistenceRule } from '../spec';
import type { CompiledRule } from '../types';
import { compileRegex, hitText, literalsFor, matchAll } from './shared';
import type { z } from 'zod';

type Spec = z.infer<typeof ExistenceRule>;

export function compileExistence(id: string, spec: Spec): CompiledRule {
  const patterns = spec.patterns.map((p) => compileRegex(p, id, spec.ignorecase ? 'i' : ''));
  const exceptions = spec.exceptions.map((e) => (spec.ignorecase ? e.toLowerCase() : e));
  const isException = (found: string) => exceptions.includes(spec.ignorecase ? found.toLowerCase() : found);
  return {
    id,
    level: spec.level,
    literals: literalsFor(spec.tokens, spec.ignorecase, spec.exceptions),
    onLiteral(hit, block, emit) {
      const text = hitText(block, hit);
      emit({ block: block.id, start: hit.start, end: hit.end, text, message: formatMessage(spec.message, [text]), fixes: [] });
    },
    checkBlock: patterns.length
      ? (block, emit) => {
          for (const re of patterns) {
            for (const m of matchAll(re, block.text)) {
              if (m[0].length === 0 || isException(m[0])) continue;
              emit({ block: block.id, start: m.index, end: m.index + m[0].length, text: m[0], message: formatMessage(spec.message, [m[0]]), fixes: [] });
            }
          }
        }
      : undefined,
  };
}
