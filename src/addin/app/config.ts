/**
 * The page's configuration: a JSON block the build writes into taskpane.html / preview.html
 * (`<script id="wenshu-config" type="application/json">`), overridden by `?gateway=` in the page's address
 * (handy for the preview and the end-to-end tests), then by what the officer saved in Settings.
 */
export interface PageConfig {
  gatewayUrl: string;
  /** The sign-in page for the dialog fallback when Office SSO is unavailable. */
  signInUrl: string;
  version: string;
  /** False in production builds unless the administrator allowed it: the gateway URL is the build's. */
  allowGatewayChange?: boolean;
  /** False in production builds: no development API-key field. */
  allowApiKey?: boolean;
}

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8787';

export function readPageConfig(doc: Document = document, location: { href: string } = doc.location ?? { href: 'http://localhost/' }): PageConfig & { gatewayFromQuery?: string } {
  let raw: Partial<PageConfig> = {};
  const el = doc.getElementById('wenshu-config');
  if (el?.textContent) {
    try {
      raw = JSON.parse(el.textContent) as Partial<PageConfig>;
    } catch {
      // a broken block: defaults
    }
  }
  let gatewayFromQuery: string | undefined;
  let base = 'http://localhost/';
  try {
    const url = new URL(location.href);
    base = url.href;
    gatewayFromQuery = url.searchParams.get('gateway') ?? undefined;
  } catch {
    // about:blank and the like
  }
  let signInUrl = raw.signInUrl || 'signin.html';
  try {
    signInUrl = new URL(signInUrl, base).href;
  } catch {
    // leave it
  }
  return {
    gatewayUrl: raw.gatewayUrl || DEFAULT_GATEWAY_URL,
    signInUrl,
    version: raw.version || '0.1.0',
    // Absent (older pages, the preview, tests): allowed. Only an explicit false from the build locks them.
    allowGatewayChange: raw.allowGatewayChange !== false,
    allowApiKey: raw.allowApiKey !== false,
    gatewayFromQuery: gatewayFromQuery && isHttpUrl(gatewayFromQuery) ? gatewayFromQuery : undefined,
  };
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.host);
  } catch {
    return false;
  }
}
