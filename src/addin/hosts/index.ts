/**
 * The one entry the panes use to get a host: `detectHost(await officeReady(), previewElement)`.
 * Word and Outlook when Office says so; the in-page preview in a plain browser.
 */
import type { DocumentHost } from './document-host';
import { HostError } from './errors';
import type { OfficeReadyInfo } from './office-ready';
import { createOutlookHost } from './outlook';
import { createPreviewHost } from './preview';
import { createWordHost } from './word';

export type { DocumentHost } from './document-host';
export { createOutlookHost } from './outlook';
export { createPreviewHost, setPreviewText, type PreviewHost } from './preview';
export { createWordHost, DRAFT_TAG } from './word';
export { HostError, isHostError, type HostErrorCode } from './errors';
export { draftToHtml, sanitiseHtml } from './html';

/**
 * Word -> Word host; Outlook -> Outlook host (read or compose, from the open item); no Office host ->
 * the preview over `previewElement`. Throws a HostError('not-supported') for other Office hosts, or
 * outside Office without a preview element.
 */
export function detectHost(info: OfficeReadyInfo, previewElement?: HTMLElement | null): DocumentHost {
  const host = info.host?.toLowerCase() ?? null;
  if (host === 'word' || host === 'document') return createWordHost({ displayLanguage: info.language });
  if (host === 'outlook' || host === 'mailbox') return createOutlookHost({ displayLanguage: info.language });
  if (host === null && previewElement) return createPreviewHost(previewElement, { displayLanguage: info.language });
  throw new HostError(
    'not-supported',
    host === null
      ? '未在 Office 中執行，亦沒有預覽文件。Not running in Office, and there is no preview document.'
      : `文書通不支援 ${info.host}。Wenshu does not support ${info.host}.`,
  );
}
