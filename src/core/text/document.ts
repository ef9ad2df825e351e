/**
 * The document model every checker and renderer works on: an ordered list of blocks.
 * It knows nothing of where the text came from (Word, Outlook, a file, the preview page).
 */
export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'table-cell';

export interface Block {
  /** Stable within one document model; hosts map it back to their own paragraph. */
  id: string;
  kind: BlockKind;
  text: string;
  /** The host's style name (e.g. Word's "Heading 1"), when it has one. */
  style?: string;
  /** Heading level (1-6) for headings. */
  level?: number;
  /** UTF-16 offset of `text` inside the source text it was read from, when there is one. */
  offset?: number;
}

export interface DocumentModel {
  blocks: Block[];
  /** The source text blocks were cut from, when the model came from plain text. */
  source?: string;
}

export function blockId(index: number): string {
  return `b${index}`;
}

/** One block per line, so that offsets map straight back to the text. Blank lines are kept as empty blocks. */
export function fromPlainText(text: string): DocumentModel {
  const blocks: Block[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    blocks.push({ id: blockId(blocks.length), kind: 'paragraph', text: clean, offset });
    offset += line.length + 1;
  }
  return { blocks, source: text };
}

const MD_HEADING = /^(#{1,6})[ \t]+/;
const MD_LIST = /^(\s*(?:[-*+]|\d+[.)])[ \t]+)/;

/**
 * Markdown lines as blocks: a heading keeps its level, list markers are left out of the text
 * (with the offset moved past them) so that rules never see markup.
 */
export function fromMarkdown(text: string): DocumentModel {
  const model = fromPlainText(text);
  for (const block of model.blocks) {
    const heading = MD_HEADING.exec(block.text);
    const list = heading ? null : MD_LIST.exec(block.text);
    const marker = heading?.[0] ?? list?.[0];
    if (heading) {
      block.kind = 'heading';
      block.level = heading[1].length;
    } else if (list) {
      block.kind = 'list-item';
    }
    if (marker) {
      block.text = block.text.slice(marker.length);
      block.offset = (block.offset ?? 0) + marker.length;
    }
  }
  return model;
}

/** Blocks from paragraphs read elsewhere (docx, eml, a host): offsets are into the blocks joined by "\n". */
export function fromParagraphs(paragraphs: Array<Omit<Block, 'id' | 'offset'>>): DocumentModel {
  let offset = 0;
  const blocks = paragraphs.map((p, i) => {
    const block: Block = { ...p, id: blockId(i), offset };
    offset += p.text.length + 1;
    return block;
  });
  return { blocks, source: blocks.map((b) => b.text).join('\n') };
}

export function documentText(model: DocumentModel): string {
  return model.source ?? model.blocks.map((b) => b.text).join('\n');
}
