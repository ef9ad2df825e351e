import type { z } from 'zod';
import type { Block } from '../../text/document';
import { formatMessage } from '../message';
import type { ClassificationRule } from '../spec';
import { CLASSIFICATIONS, type Classification, type CompiledRule } from '../types';
import { firstTextBlock, lastTextBlock } from './shared';

type Spec = z.infer<typeof ClassificationRule>;
export type Marking = Spec['markings'][number];

export const DEFAULT_MARKINGS: readonly Marking[] = [
  { level: 'RESTRICTED', en: 'RESTRICTED', 'zh-HK': '限閱文件' },
  { level: 'CONFIDENTIAL', en: 'CONFIDENTIAL', 'zh-HK': '機密' },
  { level: 'SECRET', en: 'SECRET', 'zh-HK': '秘密' },
  { level: 'TOP SECRET', en: 'TOP SECRET', 'zh-HK': '絕對機密' },
];

export interface FoundMarking {
  block: Block;
  level: Classification;
  start: number;
  end: number;
  text: string;
  /** Whether the marking is written in Chinese only. */
  chinese: boolean;
}

/**
 * A marking line holds nothing but marking words, in either language, with an optional qualifier in
 * brackets: "RESTRICTED", "限閱文件 RESTRICTED", "RESTRICTED (STAFF)", "限閱文件（人事）".
 */
export function readMarking(block: Block, markings: readonly Marking[] = DEFAULT_MARKINGS): FoundMarking | undefined {
  const raw = block.text;
  const trimmed = raw.trim();
  if (!trimmed || trimmed.length > 60) return undefined;
  const start = raw.indexOf(trimmed);
  const core = trimmed.replace(/\s*[（(][^（()）]*[)）]\s*$/, '').replace(/TOP SECRET/g, 'TOP_SECRET');
  const words = core.split(/[\s/／]+/).filter(Boolean);
  if (!words.length) return undefined;
  let level: Classification | undefined;
  let chinese = true;
  for (const word of words) {
    const marking = markings.find((m) => m.en.replace(' ', '_') === word || m['zh-HK'] === word);
    if (!marking) return undefined;
    if (marking.en.replace(' ', '_') === word) chinese = false;
    if (!level || CLASSIFICATIONS.indexOf(marking.level) > CLASSIFICATIONS.indexOf(level)) level = marking.level;
  }
  return level ? { block, level, start, end: start + trimmed.length, text: trimmed, chinese } : undefined;
}

export function findMarkings(blocks: readonly Block[], markings: readonly Marking[] = DEFAULT_MARKINGS): FoundMarking[] {
  const out: FoundMarking[] = [];
  for (const block of blocks) {
    const found = readMarking(block, markings);
    if (found) out.push(found);
  }
  return out;
}

/** The strictest classification marked anywhere in the blocks (UNCLASSIFIED when none). */
export function detectClassification(blocks: readonly Block[]): Classification {
  let level: Classification = 'UNCLASSIFIED';
  for (const m of findMarkings(blocks)) if (CLASSIFICATIONS.indexOf(m.level) > CLASSIFICATIONS.indexOf(level)) level = m.level;
  return level;
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
        else if (top.level !== declared) say(top, expected, labelOf(declared, top.chinese));
      }
    },
  };
}
