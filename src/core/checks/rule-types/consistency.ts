import type { z } from 'zod';
import { formatMessage } from '../message';
import type { ConsistencyRule } from '../spec';
import type { CompiledRule, LiteralHit } from '../types';
import { fixesFor, literalsFor } from './shared';

type Spec = z.infer<typeof ConsistencyRule>;
interface Seen {
  group: number;
  variant: string;
  block: string;
  hit: LiteralHit;
  text: string;
}

/**
 * Two variants of one word in one document: the variant used first sets the form, and each use of the
 * other is reported with the first as its fix.
 */
export function compileConsistency(id: string, spec: Spec): CompiledRule {
  const norm = (s: string) => (spec.ignorecase ? s.toLowerCase() : s);
  const variantOf = new Map<string, { group: number; other: string }>();
  Object.entries(spec.either).forEach(([a, b], group) => {
    variantOf.set(norm(a), { group, other: b });
    variantOf.set(norm(b), { group, other: a });
  });
  const tokens = Object.entries(spec.either).flat();
  return {
    id,
    level: spec.level,
    literals: literalsFor(tokens, spec.ignorecase, []),
    onLiteral(hit, block, _emit, state) {
      const text = block.text.slice(hit.start, hit.end);
      const entry = variantOf.get(norm(text));
      if (!entry) return;
      const seen = (state.scratch.get(id) as Seen[] | undefined) ?? [];
      seen.push({ group: entry.group, variant: norm(text), block: block.id, hit, text });
      state.scratch.set(id, seen);
    },
    checkDocument(_doc, emit, state) {
      const seen = (state.scratch.get(id) as Seen[] | undefined) ?? [];
      const firstOfGroup = new Map<number, Seen>();
      for (const s of seen) {
        const first = firstOfGroup.get(s.group);
        if (!first) {
          firstOfGroup.set(s.group, s);
          continue;
        }
        if (s.variant === first.variant) continue;
        emit({
          block: s.block,
          start: s.hit.start,
          end: s.hit.end,
          text: s.text,
          message: formatMessage(spec.message, [first.text, s.text]),
          fixes: fixesFor(s.text, first.text, spec.ignorecase),
        });
      }
    },
  };
}
