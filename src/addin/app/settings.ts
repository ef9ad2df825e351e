/**
 * The officer's pane settings. Only two harmless preferences are ever persisted (the gateway address and the UI
 * language), and only when the officer changes them in Settings. Credentials are NOT settings: they live in
 * AuthSession, in memory.
 */
import type { UiLang } from '../i18n';

export type LanguageChoice = 'auto' | UiLang;

export interface Preferences {
  gatewayUrl?: string;
  language?: LanguageChoice;
}

const KEY = 'wenshu.preferences';

/** Storage may be missing or refused (some Office webviews, private windows): preferences then last the session. */
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function loadPreferences(): Preferences {
  try {
    const raw = storage()?.getItem(KEY);
    if (!raw) return {};
    const parsed = JSON.parse(raw) as Preferences;
    const out: Preferences = {};
    if (typeof parsed.gatewayUrl === 'string') out.gatewayUrl = parsed.gatewayUrl;
    if (parsed.language === 'auto' || parsed.language === 'zh-HK' || parsed.language === 'en') out.language = parsed.language;
    return out;
  } catch {
    return {};
  }
}

export function savePreferences(prefs: Preferences): void {
  const clean: Preferences = {};
  if (prefs.gatewayUrl) clean.gatewayUrl = prefs.gatewayUrl;
  if (prefs.language && prefs.language !== 'auto') clean.language = prefs.language;
  try {
    const s = storage();
    if (!s) return;
    if (Object.keys(clean).length) s.setItem(KEY, JSON.stringify(clean));
    else s.removeItem(KEY);
  } catch {
    // full or refused: the choice lasts this session
  }
}
