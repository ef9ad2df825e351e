/**
 * A draft's Markdown (as the gateway streams it) -> the structured paragraphs a host inserts, and -> the HTML of an
 * Outlook reply form. The Markdown is simple by construction (the template bodies): one paragraph a line, `#`
 * headings, `-` lists, `**bold**` subject lines. Numbered paragraphs ("2. ...") stay paragraphs with their number,
 * as official documents number them in the text.
 */
import type { DraftBlock } from '../../hosts/document-host';

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const BULLET = /^([ \t]*)[-*+][ \t]+(.*)$/;
const RULE = /^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^[ \t]*>[ \t]?(.*)$/;

/** Inline Markdown off: emphasis markers, code ticks, links (their text kept), escapes. */
export function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\((?:[^)]*)\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1');
}

export function markdownToBlocks(markdown: string): DraftBlock[] {
  const blocks: DraftBlock[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || RULE.test(line)) continue;
    const heading = HEADING.exec(line);
    if (heading) {
      const text = plainInline(heading[2]);
      if (text) blocks.push({ kind: 'heading', text, level: heading[1].length });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      const indent = bullet[1].replace(/\t/g, '  ').length;
      blocks.push({ kind: 'list-item', text: plainInline(bullet[2].trim()), level: 1 + Math.floor(indent / 2) });
      continue;
    }
    const quote = QUOTE.exec(line);
    const text = plainInline((quote ? quote[1] : line).trim());
    if (text) blocks.push({ kind: 'paragraph', text });
  }
  return blocks;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** HTML built by us from plain text only (every character escaped): headings, paragraphs, lists. */
export function blocksToHtml(blocks: readonly DraftBlock[]): string {
  const out: string[] = [];
  let inList = false;
  for (const b of blocks) {
    if (b.kind === 'list-item' && !inList) {
      out.push('<ul>');
      inList = true;
    } else if (b.kind !== 'list-item' && inList) {
      out.push('</ul>');
      inList = false;
    }
    const text = escapeHtml(b.text);
    if (b.kind === 'heading') {
      const level = Math.min(6, Math.max(2, (b.level ?? 1) + 1));
      out.push(`<h${level}>${text}</h${level}>`);
    } else if (b.kind === 'list-item') out.push(`<li>${text}</li>`);
    else out.push(`<p>${text}</p>`);
  }
  if (inList) out.push('</ul>');
  return out.join('');
}
