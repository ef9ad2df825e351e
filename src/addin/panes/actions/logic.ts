/**
 * The selection actions' pure parts: which actions there are, the text a selection read gives, the request for the
 * gateway, what may be put into the document (only a finished result), and the plain text Copy puts on the
 * clipboard. No React, no host.
 */
import type { DocumentModel } from '../../../core/text/document';
import { detectLanguage } from '../../../core/text/script';
import type { MinutesStyle, SummaryForm, SummaryLength, TransformAction, TransformRequest } from '../../api/transform';
import type { Lang } from '../../api/types';
import type { DraftBlock, TextTarget } from '../../hosts/document-host';
import { markdownToBlocks } from '../shared/markdown';
import type { TransformRun } from './use-transform';

/** The menu's items, in order: the gateway's five actions, then the bilingual check (here in the pane). */
export type ActionId = TransformAction | 'bilingual';
export const ACTION_IDS: readonly ActionId[] = ['polish', 'translate', 'summarise', 'formalise', 'minutes', 'bilingual'];

/** Actions that start at once on the selection; the others ask for their options first. */
export const RUNS_AT_ONCE: ReadonlySet<ActionId> = new Set<ActionId>(['polish', 'formalise']);

export interface ActionOptions {
  /** translate: the language to translate into. */
  targetLang: Lang;
  length: SummaryLength;
  form: SummaryForm;
  style: MinutesStyle;
  /** minutes: `<department>/<template>`, or '' for the department's default. */
  template: string;
}

export const DEFAULT_OPTIONS: ActionOptions = { targetLang: 'en', length: 'medium', form: 'bullets', style: 'summary', template: '' };

/** Where the text of an action came from: the document's selection (it can be replaced), or pasted notes. */
export type ActionSource = { kind: 'selection'; text: string; doc: DocumentModel } | { kind: 'transcript'; text: string };

/** A selection read as text: its paragraphs, one a line. */
export function selectionText(doc: DocumentModel): string {
  const lines = doc.blocks.map((b) => b.text);
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.join('\n');
}

export function languageOf(text: string): Lang {
  return detectLanguage(text) === 'en' ? 'en' : 'zh-HK';
}

export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-HK' : 'en';
}

export function requestFor(action: TransformAction, text: string, options: ActionOptions): TransformRequest {
  switch (action) {
    case 'translate':
      return { action, text, lang: options.targetLang };
    case 'summarise':
      return { action, text, length: options.length, form: options.form };
    case 'minutes':
      return { action, text, style: options.style, ...(options.template ? { template: options.template } : {}) };
    default:
      return { action, text };
  }
}

/** Only a result that finished (`done`) and says something may be replaced, inserted or copied. */
export function canUseResult(run: TransformRun): boolean {
  return run.phase === 'done' && run.text.trim().length > 0;
}

/** The paragraphs a host inserts for a result (its Markdown: headings, bullets, paragraphs). */
export function resultBlocks(run: TransformRun): DraftBlock[] {
  return canUseResult(run) ? markdownToBlocks(run.text) : [];
}

/** What Copy puts on the clipboard: the result as plain text, one paragraph a line, bullets as "• ". */
export function plainText(markdown: string): string {
  return markdownToBlocks(markdown)
    .map((b) => (b.kind === 'list-item' ? `${'  '.repeat(Math.max(0, (b.level ?? 1) - 1))}• ${b.text}` : b.text))
    .join('\n');
}

/**
 * Where the original text was, to select it again before Replace or Insert below when the officer's selection has
 * moved meanwhile: possible when the original was within one paragraph (block ids are stable across reads).
 */
export function originalTarget(source: ActionSource): TextTarget | null {
  if (source.kind !== 'selection') return null;
  const blocks = source.doc.blocks.filter((b) => b.text.length > 0);
  if (blocks.length !== 1) return null;
  const [b] = blocks;
  return { block: b.id, start: 0, end: b.text.length, text: b.text };
}
