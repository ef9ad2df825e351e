/**
 * preview.html: the task pane beside an editable document, in a plain browser (no Office). The document is the
 * preview host's (hosts/preview.ts); the pane is the same React app as in Office.
 *
 * Address parameters: `?gateway=<url>` (the gateway to use), `?tab=check|draft|settings` (the first tab),
 * `?lang=zh-HK|en` (the "Office display language" the preview host reports; the browser's otherwise).
 */
import { readPageConfig } from '../app/config';
import { mount, tabFromQuery } from '../app/mount';
import { AuthSession } from '../auth/session';
import { createPreviewHost } from '../hosts/preview';
import { translate, uiLangFor } from '../i18n';

export function startPreview(doc: Document = document): void {
  const documentElement = doc.getElementById('document');
  const root = doc.getElementById('root');
  if (!documentElement || !root) return;
  const config = readPageConfig(doc);
  const params = new URL(doc.location.href).searchParams;
  const displayLanguage = params.get('lang') || doc.defaultView?.navigator.language || 'en-GB';
  const lang = uiLangFor(displayLanguage);
  const text = (id: string, value: string) => {
    const el = doc.getElementById(id);
    if (el) el.textContent = value;
  };
  doc.title = translate(lang, 'preview.title');
  text('preview-title', translate(lang, 'preview.title'));
  text('document-label', translate(lang, 'preview.document'));
  text('document-hint', translate(lang, 'preview.documentHint'));
  doc.getElementById('pane')?.setAttribute('aria-label', translate(lang, 'preview.pane'));

  try {
    const host = createPreviewHost(documentElement, { displayLanguage });
    // No Office, so no SSO: the preview signs in with a development API key typed in Settings, if at all.
    mount(root, { host, config, auth: new AuthSession(undefined), initialTab: tabFromQuery(doc.location.href) });
  } catch (err) {
    text('status', translate(lang, 'preview.failed', { reason: (err as Error).message }));
  }
}

startPreview();
