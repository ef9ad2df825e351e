import type { z } from 'zod';
import { countUnits, splitSentences } from '../../text/sentences';
import { formatMessage } from '../message';
import type { OccurrenceRule } from '../spec';
import type { CompiledRule } from '../types';

type Spec = z.infer<typeof OccurrenceRule>;

/** Sentence length: one finding per sentence over the limit, spanning the sentence. */
export function compileOccurrence(id: string, spec: Spec): CompiledRule {
  return {
    id,
    level: spec.level,
    checkBlock(block, emit) {
      for (const s of splitSentences(block.text)) {
        const n = countUnits(s.text, spec.unit);
        if (n <= spec.max) continue;
        emit({ block: block.id, start: s.start, end: s.end, text: s.text, message: formatMessage(spec.message, [String(n), String(spec.max)]), fixes: [] });
      }
    },
  };
}
