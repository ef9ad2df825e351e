import type { z } from 'zod';
import type { Block } from '../../text/document';
import { formatMessage } from '../message';
import type { ClassificationRule } from '../spec';
import { detectMarking, isCanonicalMarking, OFFICIAL_MARKINGS, readMarkingLine, type MarkingTerm } from '../../classification/markings';
import type { Classification, CompiledRule } from '../types';
import { firstTextBlock, lastTextBlock } from './shared';

type Spec = z.infer<typeof ClassificationRule>;
export type Marking = Spec['markings'][number];

/** The Hong Kong Government's marking words (core/classification/markings.ts). */
export const DEFAULT_MARKINGS: readonly Marking[] = OFFICIAL_MARKINGS;

export interface FoundMarking {
  block: Block;
  level: Classification;
  start: number;
  end: number;
  text: string;
  /** Whether the marking is written in Chinese only. */
  chinese: boolean;
  /** Written exactly as the rule's marking words spell it (otherwise the canonical form is offered). */
  exact: boolean;
}

const termCache = new WeakMap<readonly Marking[], MarkingTerm[]>();
/** A rule set's own marking words, read on top of the built-in ones. */
function termsOf(markings: readonly Marking[]): MarkingTerm[] {
  let terms = termCache.get(markings);
  if (!terms) termCache.set(markings, (terms = markings.flatMap((m) => [{ text: m.en, level: m.level }, { text: m['zh-HK'], level: m.level }])));
  return terms;
}

/**
 * The marking a block carries, read by the one marking reader (core/classification/markings.ts): a marking
 * written loosely ("restricted", "**RESTRICTED**", "Classification: RESTRICTED") is still a marking, and
 * `exact` says whether it is written as the rule set spells it.
 */
export function readMarking(block: Block, markings: readonly Marking[] = DEFAULT_MARKINGS): FoundMarking | undefined {
  const raw = block.text;
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  const found = readMarkingLine(trimmed, termsOf(markings));
  if (!found) return undefined;
  const start = raw.indexOf(trimmed);
  return { block, level: found.level, start, end: start + trimmed.length, text: trimmed, chinese: found.chinese, exact: isCanonicalMarking(trimmed, markings) };
}

export function findMarkings(blocks: readonly Block[], markings: readonly Marking[] = DEFAULT_MARKINGS): FoundMarking[] {
  const out: FoundMarking[] = [];
  for (const block of blocks) {
    const found = readMarking(block, markings);
    if (found) out.push(found);
  }
  return out;
}

/** The strictest classification marked anywhere in the blocks (UNCLASSIFIED when none), "TOP" / "SECRET" over two blocks too. */
export function detectClassification(blocks: readonly Block[]): Classification {
  return detectMarking(blocks.map((b) => b.text).join('\n'));
}

export function compileClassification(id: string, spec: Spec): CompiledRule {
  const labelOf = (level: Classification, chinese: boolean) => {
    const m = spec.markings.find((x) => x.level === level);
    return m ? (chinese ? m['zh-HK'] : m.en) : level;
  };
  return {
    id,
    level: spec.level,
    checkDocument(doc, emit, _state, context) {
      const firstBlock = firstTextBlock(doc.blocks);
      const lastBlock = lastTextBlock(doc.blocks);
      if (!firstBlock) return;
      const top = readMarking(firstBlock, spec.markings);
      const bottom = lastBlock && lastBlock !== firstBlock ? readMarking(lastBlock, spec.markings) : undefined;
      const say = (at: FoundMarking | { block: Block; start: number; end: number; text: string }, expected: string, fix?: string) =>
        emit({
          block: at.block.id,
          start: at.start,
          end: at.end,
          text: at.text,
          message: formatMessage(spec.message, [expected, at.text || '—']),
          fixes: fix ? [{ replacement: fix }] : [],
        });
      if (spec.check === 'top-bottom') {
        if (top && !bottom) say(top, top.text);
        if (bottom && !top) say(bottom, bottom.text);
      } else if (spec.check === 'consistent') {
        if (top && bottom && top.level !== bottom.level) say(bottom, top.text, labelOf(top.level, bottom.chinese));
      } else if (spec.check === 'declared') {
        const declared = context.classification;
        if (!declared || declared === 'UNCLASSIFIED') return;
        const expected = labelOf(declared, context.lang === 'zh-HK');
        if (!top) say({ block: firstBlock, start: 0, end: 0, text: '' }, expected);
        else if (top.level !== declared || !top.exact) say(top, expected, labelOf(declared, top.chinese));
      }
    },
  };
}
