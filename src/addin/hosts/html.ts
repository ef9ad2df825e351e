/**
 * The only HTML Wenshu hands to Outlook (or Word): built here from draft blocks with every text
 * escaped, or passed through DOMPurify with a strict allow-list. No scripts, event handlers, styles,
 * forms, frames or images (remote images are tracking beacons); links only to https: and mailto:.
 */
import createDOMPurify from 'dompurify';
import type { DOMPurify, Config } from 'dompurify';
import type { DraftBlock } from './document-host';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Escaped text with line breaks kept as <br>. */
function inline(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(escapeHtml)
    .join('<br>');
}

function headingTag(level: number | undefined): string {
  const n = Math.min(3, Math.max(1, Math.trunc(level ?? 1) || 1));
  return `h${n}`;
}

/** Draft blocks as HTML: h1–h3, p, and runs of list items as one <ol>. Every text is escaped. */
export function draftToHtml(blocks: readonly DraftBlock[]): string {
  const out: string[] = [];
  let inList = false;
  for (const block of blocks) {
    if (block.kind === 'list-item') {
      if (!inList) out.push('<ol>');
      inList = true;
      out.push(`<li>${inline(block.text)}</li>`);
      continue;
    }
    if (inList) out.push('</ol>');
    inList = false;
    if (block.kind === 'heading') {
      const tag = headingTag(block.level);
      out.push(`<${tag}>${inline(block.text)}</${tag}>`);
    } else {
      out.push(`<p>${block.text ? inline(block.text) : '<br>'}</p>`);
    }
  }
  if (inList) out.push('</ol>');
  return out.join('');
}

/** Draft blocks as plain text (for plain-text message bodies): list items numbered "1. ". */
export function draftToText(blocks: readonly DraftBlock[]): string {
  const lines: string[] = [];
  let n = 0;
  for (const block of blocks) {
    n = block.kind === 'list-item' ? n + 1 : 0;
    lines.push(block.kind === 'list-item' ? `${n}. ${block.text}` : block.text);
  }
  return lines.join('\n');
}

export const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 'u', 'ul', 'ol', 'li', 'h1', 'h2', 'h3',
  'table', 'thead', 'tbody', 'tr', 'td', 'th', 'span', 'a',
];

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'colspan', 'rowspan'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: /^(?:https:|mailto:)/i,
  // DOMPurify checks every attribute not marked URI-safe against the URI pattern; spans are numbers (see the hook).
  ADD_URI_SAFE_ATTR: ['colspan', 'rowspan'],
  KEEP_CONTENT: true,
  FORBID_CONTENTS: ['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'svg', 'math', 'title', 'head', 'select', 'textarea'],
  RETURN_TRUSTED_TYPE: false,
  WHOLE_DOCUMENT: false,
};

let purifier: DOMPurify | null = null;

function getPurifier(): DOMPurify | null {
  if (purifier) return purifier;
  const win = (globalThis as { window?: Window }).window;
  if (!win?.document) return null;
  const instance = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  if (!instance.isSupported) return null;
  instance.addHook('uponSanitizeAttribute', (node, data) => {
    // href only on links; spans, cells and paragraphs carry no link.
    if (data.attrName === 'href' && node.nodeName !== 'A') data.keepAttr = false;
    if ((data.attrName === 'colspan' || data.attrName === 'rowspan') && !/^\d{1,3}$/.test(data.attrValue)) data.keepAttr = false;
  });
  purifier = instance;
  return instance;
}

/**
 * HTML from anywhere else (a model, a template, the clipboard) reduced to the allow-list.
 * Without a DOM (Node) everything is escaped instead: safe, never richer than it should be.
 */
export function sanitiseHtml(html: string): string {
  const purify = getPurifier();
  if (!purify) return escapeHtml(html);
  return String(purify.sanitize(html, CONFIG));
}
