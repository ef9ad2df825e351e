import type { z } from 'zod';
import { formatMessage } from '../message';
import type { ConditionalRule } from '../spec';
import type { CompiledRule } from '../types';
import { compileRegex, matchAll } from './shared';

type Spec = z.infer<typeof ConditionalRule>;

/**
 * An abbreviation must be defined before it is used: the first use (regex `first`, group 1) that comes before
 * any definition (regex `second`, group 1) is reported, once per abbreviation.
 */
export function compileConditional(id: string, spec: Spec): CompiledRule {
  const first = compileRegex(spec.first, id);
  const second = compileRegex(spec.second, id);
  const exceptions = new Set(spec.exceptions);
  return {
    id,
    level: spec.level,
    checkDocument(doc, emit) {
      const defined = new Set<string>();
      const reported = new Set<string>();
      for (const block of doc.blocks) {
        const definitions: Array<{ term: string; start: number }> = [];
        for (const m of matchAll(second, block.text)) if (m[1]) definitions.push({ term: m[1], start: m.index });
        for (const m of matchAll(first, block.text)) {
          const term = m[1] ?? m[0];
          if (!term || exceptions.has(term) || defined.has(term) || reported.has(term)) continue;
          // A definition in the same block counts when it starts no later than this use ends ("Digital Policy Office (DPO)").
          if (definitions.some((d) => d.term === term && d.start <= m.index + m[0].length)) continue;
          reported.add(term);
          const start = m.index + m[0].indexOf(term);
          emit({ block: block.id, start, end: start + term.length, text: term, message: formatMessage(spec.message, [term]), fixes: [] });
        }
        for (const d of definitions) defined.add(d.term);
      }
    },
  };
}
