import type { z } from 'zod';
import { asciiLower } from '../../text/script';
import { formatMessage } from '../message';
import type { StructureRule } from '../spec';
import type { CompiledRule } from '../types';
import { firstTextBlock } from './shared';

type Spec = z.infer<typeof StructureRule>;

/**
 * The sections a template requires (from the check context): a section is present when a block starts with
 * one of its titles, ignoring case, numbering and trailing punctuation.
 */
export function compileStructure(id: string, spec: Spec): CompiledRule {
  return {
    id,
    level: spec.level,
    checkDocument(doc, emit, _state, context) {
      const sections = context.requiredSections ?? [];
      if (!sections.length) return;
      const lines = doc.blocks.map((b) => asciiLower(b.text.trim().replace(/^(?:[\d.()（）一二三四五六七八九十]+[.、．)）]?\s*)/, '').replace(/^#+\s*/, '')));
      const at = firstTextBlock(doc.blocks);
      if (!at) return;
      for (const section of sections) {
        const titles = section.titles.map((t) => asciiLower(t.trim()));
        if (lines.some((line) => titles.some((t) => t && line.startsWith(t)))) continue;
        const zh = section.titles.find((t) => /[\u3400-\u9fff]/.test(t)) ?? section.titles[0];
        const en = section.titles.find((t) => !/[\u3400-\u9fff]/.test(t)) ?? section.titles[0];
        emit({ block: at.id, start: 0, end: 0, text: '', message: formatMessage(spec.message, [zh], [en]), fixes: [] });
      }
    },
  };
}
