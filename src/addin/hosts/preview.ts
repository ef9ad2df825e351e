/**
 * The preview host: an editable document in the page, so the panes run in a plain browser (demos,
 * departments evaluating Wenshu, and the end-to-end tests in Chromium). It behaves like a small
 * plain-text editor: one block element per paragraph (`<p>`, headings as `<h1>`–`<h3>`), Enter
 * makes a new paragraph, pasting and dropping insert plain text only.
 *
 * It follows the Word host's contract: block ids name paragraphs by index (`p3`, or `p3:5` for a
 * selection read clipped to the selection, see paragraph-model.ts) and are written on the elements
 * as `data-block-id`; edits are verified against the text that was read before anything changes;
 * drafts are wrapped in `<section data-tag="wenshu-ai-draft">` as Word's are in a content control (with the
 * draft's provenance in `data-provenance`, as Word's is in a custom XML part).
 * Ignored keys stay in memory: the preview stands in for the document's own settings.
 */
import type { BlockKind, DocumentModel } from '../../core/text/document';
import type { DocumentHost, DraftBlock, EditOptions, EditResult, InsertOptions, SkippedEdit, TextEdit, TextTarget } from './document-host';
import { EditJournal, applyToText, spansOverlap } from './edit-journal';
import { HostError } from './errors';
import { modelFromParagraphs, parseBlockId, type ReadParagraph } from './paragraph-model';

export const PREVIEW_DRAFT_TAG = 'wenshu-ai-draft';
const DRAFT_LABEL = '文書通草稿 Wenshu draft';

const BLOCK_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'DIV', 'PRE', 'BLOCKQUOTE', 'TD', 'TH']);
const CONTAINER_TAGS = new Set(['SECTION', 'ARTICLE', 'UL', 'OL', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'DIV', 'BLOCKQUOTE']);
const STYLES: Record<string, string> = { P: 'Normal', DIV: 'Normal', LI: 'List Paragraph', TD: 'Table', TH: 'Table' };

function hasBlockChildren(el: Element): boolean {
  return Array.from(el.children).some((c) => BLOCK_TAGS.has(c.tagName) || CONTAINER_TAGS.has(c.tagName));
}

/** Paragraph elements in document order. */
export function previewBlocks(root: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  const visit = (el: Element) => {
    for (const child of Array.from(el.children)) {
      if (!(child instanceof HTMLElement)) continue;
      if (CONTAINER_TAGS.has(child.tagName) && hasBlockChildren(child)) visit(child);
      else if (BLOCK_TAGS.has(child.tagName)) out.push(child);
    }
  };
  visit(root);
  return out;
}

function kindOf(el: HTMLElement): { kind: BlockKind; level?: number; style: string } {
  const heading = /^H([1-6])$/.exec(el.tagName);
  if (heading) return { kind: 'heading', level: Number(heading[1]), style: `Heading ${heading[1]}` };
  if (el.tagName === 'LI') return { kind: 'list-item', style: STYLES.LI };
  if (el.tagName === 'TD' || el.tagName === 'TH') return { kind: 'table-cell', style: STYLES.TD };
  return { kind: 'paragraph', style: STYLES[el.tagName] ?? 'Normal' };
}

const textOf = (el: Node): string => el.textContent ?? '';

/** A text node at the root that someone typed (not the page's own indentation between elements). */
const typedText = (n: Node): boolean => {
  const t = n.textContent ?? '';
  return /\S/.test(t) || (t !== '' && !t.includes('\n'));
};

/** The DOM position of a UTF-16 offset in a block's text. `atEnd` prefers the end of a text node at a boundary. */
function domPosition(block: HTMLElement, offset: number, atEnd: boolean): { node: Node; offset: number } {
  const walker = block.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const length = node.data.length;
    if (offset < seen + length || (atEnd && offset === seen + length)) return { node, offset: offset - seen };
    seen += length;
    last = node;
  }
  return last ? { node: last, offset: last.data.length } : { node: block, offset: atEnd ? block.childNodes.length : 0 };
}

function rangeFor(block: HTMLElement, start: number, end: number): Range {
  const range = block.ownerDocument.createRange();
  const a = domPosition(block, start, start === end);
  const b = domPosition(block, end, true);
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}

/** Text length from the block's start to a boundary point inside it. */
function offsetIn(block: HTMLElement, node: Node, offset: number): number {
  const range = block.ownerDocument.createRange();
  range.selectNodeContents(block);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** Replaces the element's content with one paragraph per line. */
export function setPreviewText(element: HTMLElement, text: string): void {
  element.replaceChildren(
    ...text.replace(/\r\n?/g, '\n').split('\n').map((line) => {
      const p = element.ownerDocument.createElement('p');
      if (line) p.textContent = line;
      else p.appendChild(element.ownerDocument.createElement('br'));
      return p;
    }),
  );
}

export interface PreviewHostOptions {
  displayLanguage?: string;
}

export interface PreviewHost extends DocumentHost {
  /** Removes the host's event listeners. */
  dispose(): void;
}

export function createPreviewHost(element: HTMLElement, options: PreviewHostOptions = {}): PreviewHost {
  const doc = element.ownerDocument;
  const win = doc.defaultView;
  const journal = new EditJournal();
  const ignored = new Map<string, string[]>();

  element.setAttribute('contenteditable', 'true');
  element.setAttribute('role', 'textbox');
  element.setAttribute('aria-multiline', 'true');
  if (!element.hasAttribute('aria-label')) element.setAttribute('aria-label', '文件預覽 Document preview');
  ensureParagraph();

  const exec = (command: string, value?: string): boolean => {
    try {
      return typeof doc.execCommand === 'function' && doc.execCommand(command, false, value);
    } catch {
      return false;
    }
  };
  exec('defaultParagraphSeparator', 'p');

  /** Always at least one paragraph; text typed straight into the root becomes one (the caret stays put). */
  function ensureParagraph(): void {
    const sel = win?.getSelection();
    const saved = sel && sel.rangeCount ? { a: sel.anchorNode, ao: sel.anchorOffset, f: sel.focusNode, fo: sel.focusOffset } : null;
    const caretInRoot = saved?.a === element;
    wrapLooseText();
    if (previewBlocks(element).length === 0) {
      for (const child of Array.from(element.childNodes)) if (!(child instanceof HTMLElement) || child.tagName === 'BR') child.remove();
      const p = doc.createElement('p');
      p.appendChild(doc.createElement('br'));
      element.appendChild(p);
      if (caretInRoot && sel) sel.collapse(p, 0);
      return;
    }
    // Moving nodes collapses live ranges to the old parent: put the caret back where it was.
    if (sel && saved?.a && saved.f && saved.a !== element && element.contains(saved.a) && element.contains(saved.f)) {
      if (sel.anchorNode !== saved.a || sel.anchorOffset !== saved.ao || sel.focusNode !== saved.f || sel.focusOffset !== saved.fo) {
        sel.setBaseAndExtent(saved.a, saved.ao, saved.f, saved.fo);
      }
    }
  }

  function wrapLooseText(): void {
    let run: Node[] = [];
    const flush = (before: Node | null) => {
      if (run.some((n) => (n.nodeType === Node.TEXT_NODE ? typedText(n) : true))) {
        const p = doc.createElement('p');
        element.insertBefore(p, before);
        for (const n of run) p.appendChild(n);
      }
      run = [];
    };
    for (const child of Array.from(element.childNodes)) {
      const isBlock = child instanceof HTMLElement && (BLOCK_TAGS.has(child.tagName) || CONTAINER_TAGS.has(child.tagName));
      if (isBlock) flush(child);
      else if (child.nodeType === Node.TEXT_NODE || (child instanceof HTMLElement && child.tagName !== 'BR')) run.push(child);
      else if (child instanceof HTMLElement && child.tagName === 'BR' && run.length) run.push(child);
    }
    flush(null);
  }

  /** Plain text in the editor, one paragraph per line. */
  function insertPlainText(text: string): void {
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    if (exec('insertText', lines[0])) {
      for (const line of lines.slice(1)) {
        exec('insertParagraph');
        if (line) exec('insertText', line);
      }
      return;
    }
    const sel = win?.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    range.deleteContents();
    const node = doc.createTextNode(lines.join(' '));
    range.insertNode(node);
    range.setStartAfter(node);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  const onPaste = (event: ClipboardEvent) => {
    event.preventDefault();
    insertPlainText(event.clipboardData?.getData('text/plain') ?? '');
  };
  // Dropped content could be HTML or files: the preview takes typed and pasted plain text only.
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
  };
  const onBeforeInput = (event: InputEvent) => {
    if (event.inputType === 'insertLineBreak') {
      event.preventDefault();
      exec('insertParagraph');
    }
  };
  const onInput = () => {
    if (previewBlocks(element).length === 0 || Array.from(element.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && typedText(n))) {
      ensureParagraph();
    }
  };
  element.addEventListener('paste', onPaste);
  element.addEventListener('drop', onDrop);
  element.addEventListener('beforeinput', onBeforeInput as EventListener);
  element.addEventListener('input', onInput);

  function changed(): void {
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function selectionRange(): Range | null {
    const sel = win?.getSelection();
    if (!sel || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0);
    return element.contains(range.commonAncestorContainer) ? range : null;
  }

  function readBlock(el: HTMLElement, index: number, from = 0, to?: number): ReadParagraph {
    const { kind, level, style } = kindOf(el);
    const read: ReadParagraph = { index, text: textOf(el).slice(from, to), kind, style };
    if (from > 0) read.clip = from;
    if (level !== undefined) read.level = level;
    return read;
  }

  async function read(scope: 'document' | 'selection'): Promise<DocumentModel> {
    ensureParagraph();
    const blocks = previewBlocks(element);
    blocks.forEach((el, i) => el.setAttribute('data-block-id', `p${i}`));
    if (scope === 'document') {
      journal.reset(blocks.map((el, i) => [i, textOf(el)]));
      return modelFromParagraphs(blocks.map((el, i) => readBlock(el, i)));
    }
    const range = selectionRange();
    if (!range || range.collapsed) {
      journal.reset([]);
      return { blocks: [], source: '' };
    }
    const reads: ReadParagraph[] = [];
    blocks.forEach((el, i) => {
      if (!range.intersectsNode(el)) return;
      const from = el.contains(range.startContainer) ? offsetIn(el, range.startContainer, range.startOffset) : 0;
      const to = el.contains(range.endContainer) ? offsetIn(el, range.endContainer, range.endOffset) : textOf(el).length;
      reads.push(readBlock(el, i, from, to));
    });
    while (reads.length > 1 && reads[reads.length - 1].text === '') reads.pop();
    journal.reset(reads.map((r) => [r.index, textOf(blocks[r.index])]));
    return modelFromParagraphs(reads);
  }

  interface Resolved {
    el: HTMLElement;
    index: number;
    readStart: number;
    readEnd: number;
    start: number;
    end: number;
  }

  /** Finds a target's element and current offsets, verifying the text; or says why not. */
  function resolve(target: TextTarget, blocks: HTMLElement[]): Resolved | { skip: SkippedEdit['reason'] } {
    const ref = parseBlockId(target.block);
    if (!ref || target.start < 0 || target.end < target.start) return { skip: 'not-found' };
    if (target.text.length !== target.end - target.start) return { skip: 'changed' };
    const readStart = ref.clip + target.start;
    const readEnd = ref.clip + target.end;
    const mapped = journal.map(ref.index, readStart, readEnd);
    if (!mapped) return { skip: 'changed' };
    const expected = journal.expected(ref.index);
    // The element that carried the id at the read (Enter may have copied the attribute), else the index.
    const candidates = [
      ...Array.from(element.querySelectorAll<HTMLElement>(`[data-block-id="p${ref.index}"]`)),
      ...(blocks[ref.index] ? [blocks[ref.index]] : []),
    ];
    for (const el of candidates) {
      const text = textOf(el);
      if (expected !== undefined && text !== expected) continue;
      if (text.slice(mapped.start, mapped.end) !== target.text) continue;
      return { el, index: ref.index, readStart, readEnd, start: mapped.start, end: mapped.end };
    }
    return { skip: candidates.length ? 'changed' : 'not-found' };
  }

  async function select(target: TextTarget): Promise<void> {
    const found = resolve(target, previewBlocks(element));
    if ('skip' in found) {
      throw new HostError('target-changed', '文件內容已更改，請重新檢查。The text has changed since the check; please check again.');
    }
    const range = rangeFor(found.el, found.start, found.end);
    const sel = win?.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    if (typeof found.el.scrollIntoView === 'function') found.el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  async function applyEdits(edits: readonly TextEdit[], _options: EditOptions): Promise<EditResult> {
    const blocks = previewBlocks(element);
    const details: SkippedEdit[] = [];
    const accepted: Array<Resolved & { edit: TextEdit }> = [];
    for (const edit of edits) {
      const found = resolve(edit, blocks);
      if ('skip' in found) {
        details.push({ edit, reason: found.skip });
        continue;
      }
      const clash = accepted.some((a) => a.el === found.el && spansOverlap(a.readStart, a.readEnd, found.readStart, found.readEnd));
      if (clash) details.push({ edit, reason: 'overlap' });
      else accepted.push({ ...found, edit });
    }
    // Right to left within each paragraph, so earlier offsets stay valid.
    const byElement = new Map<HTMLElement, typeof accepted>();
    for (const a of accepted) byElement.set(a.el, [...(byElement.get(a.el) ?? []), a]);
    const ordered = [...byElement.values()].flatMap((list) => list.sort((a, b) => b.start - a.start || b.end - a.end));
    for (const a of ordered) {
      const range = rangeFor(a.el, a.start, a.end);
      range.deleteContents();
      if (a.edit.replacement) range.insertNode(doc.createTextNode(a.edit.replacement));
      a.el.normalize();
    }
    const byIndex = new Map<number, typeof accepted>();
    for (const a of accepted) byIndex.set(a.index, [...(byIndex.get(a.index) ?? []), a]);
    for (const [index, list] of byIndex) {
      const before = journal.expected(index);
      if (before === undefined) continue;
      journal.record(
        index,
        list.map((a) => ({ start: a.readStart, end: a.readEnd, replacement: a.edit.replacement })),
        applyToText(before, list.map((a) => ({ start: a.start, end: a.end, replacement: a.edit.replacement }))),
      );
    }
    if (accepted.length) changed();
    return { applied: accepted.length, skipped: details.length, details };
  }

  function blockOf(node: Node | null): HTMLElement | null {
    const blocks = new Set(previewBlocks(element));
    for (let n: Node | null = node; n && n !== element; n = n.parentNode) {
      if (n instanceof HTMLElement && blocks.has(n)) return n;
    }
    return null;
  }

  /** Deletes the selected text; a selection across paragraphs joins the first and the last. */
  function deleteSelection(range: Range): HTMLElement | null {
    const first = blockOf(range.startContainer);
    const last = blockOf(range.endContainer);
    range.deleteContents();
    if (first && last && first !== last && last.isConnected) {
      while (last.firstChild) first.appendChild(last.firstChild);
      last.remove();
    }
    range.collapse(true);
    // The range may now sit in a text node the deletion emptied and took out: keep it in the first paragraph.
    if (first && !first.contains(range.startContainer)) {
      range.selectNodeContents(first);
      range.collapse(false);
    }
    return first;
  }

  function insertInline(range: Range, text: string, opts: InsertOptions, replacing: boolean): void {
    const span = doc.createElement('span');
    span.setAttribute('data-tag', PREVIEW_DRAFT_TAG);
    if (opts.provenance) {
      span.setAttribute('data-draft-id', opts.provenance.draftId);
      span.setAttribute('data-provenance', JSON.stringify(opts.provenance));
    }
    span.textContent = text;
    if (replacing) range.deleteContents();
    else range.collapse(false);
    range.insertNode(span);
    const caret = doc.createRange();
    caret.setStartAfter(span);
    caret.collapse(true);
    const sel = win?.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(caret);
  }

  /** Moves what follows a caret in a top-level paragraph into a new paragraph of the same kind after it. */
  function splitAt(range: Range): 'start' | 'end' | 'split' | null {
    const at = range.cloneRange();
    at.collapse(false);
    const block = blockOf(at.endContainer);
    if (!block || block.parentNode !== element) return null;
    const rest = doc.createRange();
    rest.setStart(at.endContainer, at.endOffset);
    rest.setEnd(block, block.childNodes.length);
    if (rest.toString() === '') return 'end';
    if (rest.toString() === textOf(block)) return 'start';
    const tail = block.cloneNode(false) as HTMLElement;
    tail.appendChild(rest.extractContents());
    element.insertBefore(tail, block.nextSibling);
    const caret = doc.createRange();
    caret.selectNodeContents(block);
    caret.collapse(false);
    const sel = win?.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(caret);
    return 'split';
  }

  function draftElement(block: DraftBlock): HTMLElement {
    const tag = block.kind === 'heading' ? `h${Math.min(3, Math.max(1, Math.trunc(block.level ?? 1) || 1))}` : block.kind === 'list-item' ? 'li' : 'p';
    const el = doc.createElement(tag);
    if (block.text) el.textContent = block.text;
    else el.appendChild(doc.createElement('br'));
    return el;
  }

  async function insertDraft(blocks: readonly DraftBlock[], opts: InsertOptions): Promise<void> {
    if (blocks.length === 0) return;
    ensureParagraph();
    const range = selectionRange();
    // One sentence within one paragraph goes in inline, as Word's insertText does: in place of the selection, or at
    // the cursor.
    const replacing = Boolean(range && !range.collapsed && opts.mode === 'replace-selection');
    if (range && blocks.length === 1 && blocks[0].kind === 'paragraph' && (replacing || range.collapsed)) {
      const home = blockOf(range.startContainer);
      if (home && home === blockOf(range.endContainer) && (replacing || textOf(home) !== '')) {
        insertInline(range, blocks[0].text, opts, replacing);
        changed();
        return;
      }
    }
    if (range && replacing) deleteSelection(range);
    // Several blocks at a cursor inside a paragraph: split it there, the draft goes between the halves.
    const atStart = range ? splitAt(range) === 'start' : false;

    const section = doc.createElement('section');
    section.setAttribute('data-tag', PREVIEW_DRAFT_TAG);
    section.setAttribute('aria-label', DRAFT_LABEL);
    // Word keeps the record in a custom XML part keyed by the control; the page keeps it on the section.
    if (opts.provenance) {
      section.setAttribute('data-draft-id', opts.provenance.draftId);
      section.setAttribute('data-provenance', JSON.stringify(opts.provenance));
    }
    let list: HTMLElement | null = null;
    for (const block of blocks) {
      const el = draftElement(block);
      if (block.kind === 'list-item') {
        if (!list) section.appendChild((list = doc.createElement('ol')));
        list.appendChild(el);
      } else {
        list = null;
        section.appendChild(el);
      }
    }

    // After the paragraph holding the caret (replacing it when it is empty), else at the end.
    const anchor = range ? blockOf(range.endContainer) : null;
    let top: Node | null = anchor;
    while (top && top.parentNode !== element) top = top.parentNode;
    if (anchor && top === anchor && textOf(anchor) === '') {
      element.replaceChild(section, anchor);
    } else if (top && atStart) {
      element.insertBefore(section, top);
    } else if (top) {
      element.insertBefore(section, top.nextSibling);
    } else {
      element.appendChild(section);
    }
    const lastBlock = previewBlocks(section).pop();
    const sel = win?.getSelection();
    if (sel && lastBlock) {
      const caret = doc.createRange();
      caret.selectNodeContents(lastBlock);
      caret.collapse(false);
      sel.removeAllRanges();
      sel.addRange(caret);
    }
    changed();
  }

  const displayLanguage = options.displayLanguage ?? win?.navigator?.language ?? 'en-GB';

  return {
    kind: 'preview',
    displayLanguage,
    can: {
      read: true,
      readSelection: true,
      select: true,
      fix: true,
      trackChanges: false,
      insert: true,
      insertDocx: false,
      annotate: false,
      reply: false,
    },
    read,
    select,
    applyEdits,
    insertDraft,
    async loadIgnored() {
      return [...(ignored.get('wenshu.ignored') ?? [])];
    },
    async saveIgnored(keys: readonly string[]) {
      ignored.set('wenshu.ignored', [...new Set(keys)]);
    },
    dispose() {
      element.removeEventListener('paste', onPaste);
      element.removeEventListener('drop', onDrop);
      element.removeEventListener('beforeinput', onBeforeInput as EventListener);
      element.removeEventListener('input', onInput);
    },
  };
}
