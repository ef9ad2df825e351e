/**
 * How the Word and preview hosts name blocks, and how a read becomes a DocumentModel.
 *
 * A block id names the paragraph it came from by its index among the document body's paragraphs:
 * `p12`. A selection read keeps body indices (so a later fix or select finds the same paragraph
 * however the selection moves meanwhile) and clips the first/last paragraph to the selection:
 * `p12:5` is paragraph 12 from its 5th UTF-16 unit on, and a finding's offsets are relative to the
 * clipped text. Ids are therefore stateless: any host instance can resolve them against the document.
 */
import type { Block, BlockKind, DocumentModel } from '../../core/text/document';

export interface ParagraphRef {
  /** Index among the body's paragraphs (document order, table cells included). */
  index: number;
  /** UTF-16 offset in the paragraph where the block's text starts (selection reads). */
  clip: number;
}

export function paragraphBlockId(index: number, clip = 0): string {
  return clip > 0 ? `p${index}:${clip}` : `p${index}`;
}

const ID = /^p(\d+)(?::(\d+))?$/;

export function parseBlockId(id: string): ParagraphRef | null {
  const m = ID.exec(id);
  if (!m) return null;
  return { index: Number(m[1]), clip: m[2] ? Number(m[2]) : 0 };
}

export interface ReadParagraph {
  index: number;
  clip?: number;
  text: string;
  kind: BlockKind;
  style?: string;
  level?: number;
}

/** Blocks in order; offsets are into the block texts joined by "\n" (as `fromParagraphs` does). */
export function modelFromParagraphs(paragraphs: readonly ReadParagraph[]): DocumentModel {
  let offset = 0;
  const blocks: Block[] = paragraphs.map((p) => {
    const block: Block = { id: paragraphBlockId(p.index, p.clip ?? 0), kind: p.kind, text: p.text, offset };
    if (p.style) block.style = p.style;
    if (p.level !== undefined) block.level = p.level;
    offset += p.text.length + 1;
    return block;
  });
  return { blocks, source: blocks.map((b) => b.text).join('\n') };
}

/** Start positions of `needle` in `text`, scanning left to right without overlaps (as Word's Find does). */
export function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  let from = 0;
  for (;;) {
    const at = text.indexOf(needle, from);
    if (at < 0) return found;
    found.push(at);
    from = at + needle.length;
  }
}
