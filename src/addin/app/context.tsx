/**
 * What every pane shares: the document host, the gateway client (rebuilt when the address changes), the sign-in
 * session, the gateway's reachability, the department's templates (loaded once, reloaded on demand) and the UI
 * language. Panes read it with `useApp()`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { DocumentHost } from '../hosts/document-host';
import { GatewayClient, GatewayError, type FetchLike } from '../api/client';
import type { DepartmentInfo } from '../api/types';
import type { AuthSession, SignInState } from '../auth/session';
import { uiLangFor, type UiLang } from '../i18n';
import { isHttpUrl, type PageConfig } from './config';
import { loadPreferences, savePreferences, type LanguageChoice } from './settings';

export type GatewayState = 'checking' | 'online' | 'unreachable';

export interface GatewayStatus {
  state: GatewayState;
  reason?: string;
}

export type TemplatesState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; departments: DepartmentInfo[] }
  | { status: 'error'; message: string; unreachable: boolean };

export interface AppContextValue {
  host: DocumentHost;
  config: PageConfig;
  auth: AuthSession;
  authState: SignInState;
  client: GatewayClient;
  gatewayUrl: string;
  setGatewayUrl(url: string): void;
  gateway: GatewayStatus;
  checkGateway(): void;
  /** Panes report the outcome of their own gateway calls, so the badge follows reality. */
  reportGateway(outcome: 'ok' | unknown): void;
  templates: TemplatesState;
  reloadTemplates(): void;
  language: LanguageChoice;
  setLanguage(choice: LanguageChoice): void;
  uiLang: UiLang;
}

const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppProvider>');
  return value;
}

export interface AppProviderProps {
  host: DocumentHost;
  config: PageConfig & { gatewayFromQuery?: string };
  auth: AuthSession;
  fetch?: FetchLike;
  /** While the gateway is unreachable, look again this often (ms). */
  healthIntervalMs?: number;
  children: ReactNode;
}

export function AppProvider({ host, config, auth, fetch, healthIntervalMs = 30_000, children }: AppProviderProps) {
  const [prefs] = useState(loadPreferences);
  const [gatewayUrl, setUrl] = useState(() =>
    // A production build's gateway is the build's, unless the administrator allowed officers to change it.
    config.allowGatewayChange === false
      ? config.gatewayUrl
      : (config.gatewayFromQuery ?? (prefs.gatewayUrl && isHttpUrl(prefs.gatewayUrl) ? prefs.gatewayUrl : config.gatewayUrl)),
  );
  const [language, setLang] = useState<LanguageChoice>(prefs.language ?? 'auto');

  const authState = useSyncExternalStore(
    useCallback((cb) => auth.subscribe(cb), [auth]),
    () => auth.state,
  );
  // Any change of credentials (sign-in, sign-out, API key) is a reason to ask for templates again.
  const [authVersion, setAuthVersion] = useState(0);
  useEffect(() => auth.subscribe(() => setAuthVersion((v) => v + 1)), [auth]);

  const client = useMemo(() => new GatewayClient({ baseUrl: gatewayUrl, credentials: () => auth.headers(), onUnauthorized: () => auth.refresh(), fetch }), [gatewayUrl, auth, fetch]);

  const [gateway, setGateway] = useState<GatewayStatus>({ state: 'checking' });
  const healthSeq = useRef(0);
  const checkGateway = useCallback(() => {
    const seq = ++healthSeq.current;
    setGateway((g) => (g.state === 'online' ? g : { state: 'checking' }));
    client.health().then(
      () => seq === healthSeq.current && setGateway({ state: 'online' }),
      (err: unknown) => seq === healthSeq.current && setGateway({ state: 'unreachable', reason: (err as Error).message }),
    );
  }, [client]);
  useEffect(() => checkGateway(), [checkGateway]);
  // Unreachable: look again every interval, so drafting resumes by itself; reachable: now and then, so the badge
  // notices a gateway that went away while the officer was only checking (which needs no gateway call).
  useEffect(() => {
    if (gateway.state === 'checking') return;
    const id = setInterval(checkGateway, gateway.state === 'unreachable' ? healthIntervalMs : healthIntervalMs * 4);
    return () => clearInterval(id);
  }, [gateway.state, checkGateway, healthIntervalMs]);
  // Coming back to the pane is when an officer is about to use it: look at once.
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && checkGateway();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, [checkGateway]);

  const reportGateway = useCallback((outcome: 'ok' | unknown) => {
    if (outcome === 'ok') setGateway((g) => (g.state === 'online' ? g : { state: 'online' }));
    else if (outcome instanceof GatewayError && outcome.unreachable) setGateway({ state: 'unreachable', reason: outcome.message });
  }, []);

  const [templates, setTemplates] = useState<TemplatesState>({ status: 'idle' });
  const templatesSeq = useRef(0);
  const reloadTemplates = useCallback(() => {
    const seq = ++templatesSeq.current;
    setTemplates({ status: 'loading' });
    client.listTemplates().then(
      (list) => {
        if (seq !== templatesSeq.current) return;
        setTemplates({ status: 'ready', departments: Array.isArray(list.departments) ? list.departments : [] });
        reportGateway('ok');
      },
      (err: unknown) => {
        if (seq !== templatesSeq.current) return;
        const unreachable = err instanceof GatewayError && err.unreachable;
        setTemplates({ status: 'error', message: (err as Error).message, unreachable });
        reportGateway(err);
      },
    );
  }, [client, reportGateway]);
  const online = gateway.state === 'online';
  useEffect(() => {
    if (online) reloadTemplates();
  }, [online, reloadTemplates, authVersion]);

  const saved = useRef(prefs);
  const setGatewayUrl = useCallback((url: string) => {
    const clean = url.trim().replace(/\/+$/, '');
    setUrl(clean);
    saved.current = { ...saved.current, gatewayUrl: clean };
    savePreferences(saved.current);
  }, []);
  const setLanguage = useCallback((choice: LanguageChoice) => {
    setLang(choice);
    saved.current = { ...saved.current, language: choice };
    savePreferences(saved.current);
  }, []);
  const uiLang = language === 'auto' ? uiLangFor(host.displayLanguage) : language;

  const value = useMemo<AppContextValue>(
    () => ({ host, config, auth, authState, client, gatewayUrl, setGatewayUrl, gateway, checkGateway, reportGateway, templates, reloadTemplates, language, setLanguage, uiLang }),
    [host, config, auth, authState, client, gatewayUrl, setGatewayUrl, gateway, checkGateway, reportGateway, templates, reloadTemplates, language, setLanguage, uiLang],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}
