/// <reference types="office-js" />
/**
 * The Outlook host (Mailbox 1.5 as the manifest requires). Two modes, fixed when the pane opens:
 *
 * - read mode: the message being read is the incoming message (subject, "Name <address>", body as
 *   text). Nothing can be edited; a reply opens with `displayReplyForm` (HTML sanitised first).
 * - compose mode: `read` gives the compose body as blocks; a draft goes in at the cursor with
 *   `body.setSelectedDataAsync` (HTML we build from the blocks, or plain text for a plain-text body).
 *
 * Outlook has no API to select or replace an arbitrary range of the body, so `select`/`fix` are not
 * offered in either mode. Every `*Async` call is promisified (office-async.ts).
 *
 * Ignored finding keys live in the item's custom properties (`loadCustomPropertiesAsync`), key
 * `wenshu.ignored`: "remembered per document" becomes "per message", stored with the message itself
 * (up to Outlook's 2,500-character limit; the oldest keys are dropped beyond it).
 */
import { PROVENANCE_HEADER, provenanceHeaderValue, type InsertedProvenance } from '../../core/drafting/provenance-record';
import type { DocumentModel } from '../../core/text/document';
import { fromPlainText } from '../../core/text/document';
import type { DocumentHost, DraftBlock, EditResult, IncomingMessage, InsertOptions, TextEdit } from './document-host';
import { HostError } from './errors';
import { draftToHtml, draftToText, sanitiseHtml } from './html';
import { officeAsync } from './office-async';

export const IGNORED_PROPERTY = 'wenshu.ignored';
/** Before Mailbox 1.8 (no internet headers), the draft's compact provenance goes into this custom property. */
export const PROVENANCE_PROPERTY = 'wenshu.provenance';
/** Outlook's limit for all of an add-in's custom properties on an item, as JSON. */
const CUSTOM_PROPERTIES_LIMIT = 2500;
/** displayReplyForm's limit for the HTML body. */
const REPLY_FORM_LIMIT = 32 * 1024;

type AnyItem = Office.MessageRead & Office.MessageCompose & Record<string, unknown>;

function office(): typeof Office {
  const o = (globalThis as { Office?: typeof Office }).Office;
  if (!o?.context?.mailbox) throw new HostError('no-item', '找不到 Outlook 郵件。No Outlook item is open.');
  return o;
}

function supports(set: string, version: string): boolean {
  try {
    return Boolean(office().context.requirements?.isSetSupported(set, version));
  } catch {
    return false;
  }
}

function currentItem(): AnyItem {
  const item = office().context.mailbox.item as unknown as AnyItem | null | undefined;
  if (!item) throw new HostError('no-item', '找不到 Outlook 郵件。No Outlook item is open.');
  return item;
}

/** Read mode has the subject as a string; compose mode has an object with getAsync. */
export function isReadMode(item: unknown): boolean {
  return typeof (item as { subject?: unknown } | null)?.subject === 'string';
}

function coercion(kind: 'Text' | 'Html'): Office.CoercionType {
  const types = (globalThis as { Office?: { CoercionType?: Record<string, Office.CoercionType> } }).Office?.CoercionType;
  return (types?.[kind] ?? kind.toLowerCase()) as Office.CoercionType;
}

export function formatSender(from: { displayName?: string; emailAddress?: string } | null | undefined): string {
  const name = from?.displayName?.trim() ?? '';
  const address = from?.emailAddress?.trim() ?? '';
  if (name && address && name !== address) return `${name} <${address}>`;
  return address || name;
}

function bodyText(item: AnyItem): Promise<string> {
  return officeAsync<string>((cb) => item.body.getAsync(coercion('Text'), cb));
}

function toModel(text: string): DocumentModel {
  return fromPlainText(text.replace(/\r\n?/g, '\n'));
}

export interface OutlookHostOptions {
  displayLanguage?: string;
}

export function createOutlookHost(options: OutlookHostOptions = {}): DocumentHost {
  const o = office();
  const readMode = isReadMode(o.context.mailbox.item);
  const displayLanguage = options.displayLanguage ?? o.context.displayLanguage ?? 'en-GB';

  async function read(scope: 'document' | 'selection'): Promise<DocumentModel> {
    const item = currentItem();
    if (scope === 'selection') {
      if (readMode || typeof item.getSelectedDataAsync !== 'function') return { blocks: [], source: '' };
      const selected = await officeAsync<{ data: string }>((cb) => item.getSelectedDataAsync(coercion('Text'), cb as never));
      return toModel(selected?.data ?? '');
    }
    return toModel(await bodyText(item));
  }

  async function readMessage(): Promise<IncomingMessage> {
    const item = currentItem();
    const body = await bodyText(item);
    if (readMode) {
      const from = (item.from ?? item.sender) as { displayName?: string; emailAddress?: string } | undefined;
      return { subject: String(item.subject ?? ''), from: formatSender(from), body };
    }
    // Composing (typically a reply): the message answered is quoted in the body itself.
    const subject = await officeAsync<string>((cb) => (item.subject as unknown as Office.Subject).getAsync(cb));
    return { subject: subject ?? '', from: '', body };
  }

  async function insertDraft(blocks: readonly DraftBlock[], opts: InsertOptions): Promise<void> {
    const item = currentItem();
    if (readMode) throw new HostError('not-supported', '閱讀郵件時不能插入內容，請開啟回覆。Open a reply to insert a draft.');
    if (blocks.length === 0) return;
    if (opts.mode === 'cursor') {
      // Outlook always writes over the selection: refuse rather than replace the officer's text.
      const selected = await officeAsync<{ data: string }>((cb) => item.getSelectedDataAsync(coercion('Text'), cb as never));
      if (selected?.data) {
        throw new HostError(
          'selection-not-empty',
          '已選取文字會被取代；請先取消選取，或選擇「取代選取範圍」。Inserting would replace the selected text: clear the selection or choose to replace it.',
        );
      }
    }
    const type = await officeAsync<Office.CoercionType>((cb) => item.body.getTypeAsync(cb));
    const html = type === coercion('Html') || String(type).toLowerCase() === 'html';
    await officeAsync<void>((cb) =>
      item.body.setSelectedDataAsync(
        html ? draftToHtml(blocks) : draftToText(blocks),
        { coercionType: coercion(html ? 'Html' : 'Text') },
        cb,
      ),
    );
    if (opts.provenance) await keepProvenance(item, opts.provenance);
  }

  /** An internet header travels with the message (Mailbox 1.8); before that, a custom property stays with the item. */
  async function keepProvenance(item: AnyItem, provenance: InsertedProvenance): Promise<void> {
    const value = provenanceHeaderValue(provenance);
    const headers = item.internetHeaders as Office.InternetHeaders | undefined;
    if (headers && supports('Mailbox', '1.8')) {
      await officeAsync<void>((cb) => headers.setAsync({ [PROVENANCE_HEADER]: value }, cb));
      return;
    }
    const props = await customProperties();
    if (!props) return;
    props.set(PROVENANCE_PROPERTY, value);
    await officeAsync<void>((cb) => props.saveAsync(cb));
  }

  async function openReplyForm(html: string): Promise<void> {
    const item = currentItem();
    const clean = sanitiseHtml(html);
    if (clean.length > REPLY_FORM_LIMIT) {
      throw new HostError('too-large', '回覆內容超過 32 KB。The reply is longer than the 32 KB a reply form accepts.');
    }
    const asyncForm = item.displayReplyFormAsync as unknown;
    if (typeof asyncForm === 'function') {
      await officeAsync<void>((cb) => (asyncForm as (f: string, cb: (r: Office.AsyncResult<void>) => void) => void).call(item, clean, cb));
    } else {
      item.displayReplyForm(clean);
    }
  }

  async function customProperties(): Promise<Office.CustomProperties | null> {
    const item = currentItem();
    if (typeof item.loadCustomPropertiesAsync !== 'function') return null;
    return officeAsync<Office.CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
  }

  async function loadIgnored(): Promise<string[]> {
    const props = await customProperties();
    const raw = props?.get(IGNORED_PROPERTY) as unknown;
    if (typeof raw !== 'string') return [];
    try {
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }

  async function saveIgnored(keys: readonly string[]): Promise<void> {
    const props = await customProperties();
    if (!props) return;
    const unique = [...new Set(keys)];
    let json = JSON.stringify(unique);
    while (json.length > CUSTOM_PROPERTIES_LIMIT - IGNORED_PROPERTY.length - 8 && unique.length > 0) {
      unique.shift();
      json = JSON.stringify(unique);
    }
    props.set(IGNORED_PROPERTY, json);
    await officeAsync<void>((cb) => props.saveAsync(cb));
  }

  const host: DocumentHost = {
    kind: readMode ? 'outlook-read' : 'outlook-compose',
    displayLanguage,
    can: {
      read: true,
      readSelection: !readMode,
      select: false,
      fix: false,
      trackChanges: false,
      insert: !readMode,
      insertDocx: false,
      annotate: false,
      reply: true,
    },
    read,
    async select(): Promise<void> {
      throw new HostError('not-supported', 'Outlook 不能選取指定文字。Outlook cannot select text for an add-in.');
    },
    async applyEdits(edits: readonly TextEdit[]): Promise<EditResult> {
      return { applied: 0, skipped: edits.length, details: edits.map((edit) => ({ edit, reason: 'unsupported' as const })) };
    },
    insertDraft,
    readMessage,
    loadIgnored,
    saveIgnored,
  };
  if (readMode) host.openReplyForm = openReplyForm;
  return host;
}
