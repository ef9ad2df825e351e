/// <reference types="office-js" />
/**
 * signin.html's entry point: the dialog fallback when Office SSO is unavailable (see auth/office-sso.ts). MSAL is
 * bundled into THIS page only, never into the task pane (the pane's initial JavaScript budget stays as it was).
 * Office is touched here only to hand the answer back (`messageParent`), like office-sso.ts on the other end.
 */
import { PublicClientApplication } from '@azure/msal-browser';
import { runSignInPage, type SignInPageConfig } from './signin';

function readConfig(doc: Document): SignInPageConfig {
  try {
    const raw = JSON.parse(doc.getElementById('wenshu-signin')?.textContent || '{}') as Partial<SignInPageConfig>;
    return { clientId: raw.clientId ?? '', authority: raw.authority ?? 'https://login.microsoftonline.com/organizations', scopes: raw.scopes ?? [] };
  } catch {
    return { clientId: '', authority: '', scopes: [] };
  }
}

function send(message: string): void {
  const o = (globalThis as { Office?: typeof Office }).Office;
  if (o?.context?.ui?.messageParent) o.context.ui.messageParent(message);
  else window.opener?.postMessage(message, window.location.origin); // opened outside Office (the preview)
}

async function start(): Promise<void> {
  const config = readConfig(document);
  const o = (globalThis as { Office?: typeof Office }).Office;
  if (o?.onReady) await o.onReady();
  const msal = new PublicClientApplication({
    auth: { clientId: config.clientId, authority: config.authority, redirectUri: window.location.origin + window.location.pathname },
    cache: { cacheLocation: 'sessionStorage' },
  });
  const outcome = await runSignInPage(msal, config, send);
  const status = document.getElementById('status');
  if (status) status.textContent = outcome === 'redirecting' ? '正在前往登入頁面…　Going to the sign-in page…' : '可以關閉此視窗。　You may close this window.';
}

void start();
