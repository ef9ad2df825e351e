/**
 * The task pane's entry point (taskpane.html, inside Word or Outlook): waits for Office.js, picks the host adapter,
 * and renders the React app. Sign-in uses Office SSO (auth/office-sso.ts), tokens in memory only.
 */
import { readPageConfig } from '../app/config';
import { mount, tabFromQuery } from '../app/mount';
import { AuthSession } from '../auth/session';
import { officeTokenSource } from '../auth/office-sso';
import { detectHost } from '../hosts';
import { officeReady } from '../hosts/office-ready';
import type { ThemeKind } from '../app/theme';

export async function start(doc: Document = document): Promise<void> {
  const root = doc.getElementById('root');
  if (!root) return;
  const config = readPageConfig(doc);
  try {
    const info = await officeReady();
    const host = detectHost(info, null);
    const auth = new AuthSession(officeTokenSource({ dialogUrl: config.signInUrl }));
    // Office's cached sign-in, without a prompt or a dialog; the officer's click does the interactive part.
    void auth.signInSilently();
    // A host that knows Office's theme may say so (`theme`); otherwise the system's colour scheme is followed.
    const theme = (host as { theme?: ThemeKind }).theme;
    mount(root, { host, config, auth, theme, initialTab: tabFromQuery(doc.location.href) });
  } catch (err) {
    const status = doc.getElementById('status') ?? root;
    status.textContent = `文書通未能啟動：${(err as Error).message}　Wenshu could not start: ${(err as Error).message}`;
    status.setAttribute('data-state', 'error');
  }
}

void start();
