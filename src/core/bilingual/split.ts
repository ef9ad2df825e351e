import type { Block, DocumentModel } from '../text/document';
import { detectLanguage } from '../text/script';

export interface BilingualHalves {
  zh: DocumentModel;
  en: DocumentModel;
}

/**
 * The two halves of a bilingual document: its Chinese paragraphs and its English paragraphs, in order. Blocks
 * keep their ids and offsets, so findings on either half point into the original document. A block with no
 * letters of either language (a number, a rule, a date in figures) goes with the paragraph after it, or before
 * it at the end.
 */
export function splitBilingual(doc: DocumentModel): BilingualHalves {
  const zh: Block[] = [];
  const en: Block[] = [];
  let pending: Block[] = [];
  let last: Block[] | undefined;
  for (const block of doc.blocks) {
    if (!block.text.trim()) continue;
    const lang = detectLanguage(block.text);
    if (lang === 'none') {
      pending.push(block);
      continue;
    }
    const side = lang === 'zh' ? zh : en;
    side.push(...pending, block);
    pending = [];
    last = side;
  }
  if (pending.length) (last ?? zh).push(...pending);
  return { zh: { blocks: zh }, en: { blocks: en } };
}
