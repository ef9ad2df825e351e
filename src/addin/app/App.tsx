/**
 * The task pane's shell: Fluent theme (following high contrast, the host or the system), the UI language, the
 * gateway badge, and the tabs Draft / Check / Reply (Outlook) / Settings. Each pane is its own chunk, loaded
 * when its tab is first opened, and kept mounted afterwards so a draft keeps streaming while the officer checks.
 */
import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { Button, FluentProvider, makeStyles, MessageBar, MessageBarActions, MessageBarBody, Spinner, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { ArrowReply20Regular, DocumentEdit20Regular, Settings20Regular, TextGrammarCheckmark20Regular } from '@fluentui/react-icons';
import type { DocumentHost } from '../hosts/document-host';
import type { FetchLike } from '../api/client';
import { AuthSession } from '../auth/session';
import { I18nProvider, useI18n, type MessageKey } from '../i18n';
import { readPageConfig, type PageConfig } from './config';
import { AppProvider, useApp } from './context';
import { GatewayBadge } from './GatewayBadge';
import { PaneBoundary } from './PaneBoundary';
import { THEMES, useThemeKind, type ThemeKind } from './theme';

export type TabId = 'draft' | 'check' | 'reply' | 'settings';

const PANES: Record<TabId, LazyExoticComponent<ComponentType>> = {
  draft: lazy(() => import(/* webpackChunkName: "pane-draft" */ '../panes/DraftPane')),
  check: lazy(() => import(/* webpackChunkName: "pane-check" */ '../panes/CheckPane')),
  reply: lazy(() => import(/* webpackChunkName: "pane-reply" */ '../panes/ReplyPane')),
  settings: lazy(() => import(/* webpackChunkName: "pane-settings" */ '../panes/SettingsPane')),
};

const TAB_LABELS: Record<TabId, MessageKey> = { draft: 'tab.draft', check: 'tab.check', reply: 'tab.reply', settings: 'tab.settings' };
const TAB_ICONS: Record<TabId, JSX.Element> = {
  draft: <DocumentEdit20Regular />,
  check: <TextGrammarCheckmark20Regular />,
  reply: <ArrowReply20Regular />,
  settings: <Settings20Regular />,
};

/** The tabs this host can use: Reply only in Outlook; Draft where something can be inserted. */
export function tabsFor(host: DocumentHost): TabId[] {
  const tabs: TabId[] = [];
  if (host.can.insert) tabs.push('draft');
  if (host.can.read) tabs.push('check');
  if (host.kind === 'outlook-read' || host.kind === 'outlook-compose') tabs.push('reply');
  tabs.push('settings');
  return tabs;
}

export interface AppProps {
  host: DocumentHost;
  config?: PageConfig & { gatewayFromQuery?: string };
  /** The sign-in session (memory only); the entry point gives it Office SSO as its token source. */
  auth?: AuthSession;
  fetch?: FetchLike;
  /** The host's own theme, when the host tells it. */
  theme?: ThemeKind;
  initialTab?: TabId;
  healthIntervalMs?: number;
}

export function App({ host, config, auth, fetch, theme, initialTab, healthIntervalMs }: AppProps) {
  const pageConfig = useMemo(() => config ?? readPageConfig(), [config]);
  const session = useMemo(() => auth ?? new AuthSession(undefined), [auth]);
  const kind = useThemeKind(theme);
  return (
    <AppProvider host={host} config={pageConfig} auth={session} fetch={fetch} healthIntervalMs={healthIntervalMs}>
      <Themed kind={kind} initialTab={initialTab} />
    </AppProvider>
  );
}

const useStyles = makeStyles({
  provider: { height: '100%', minHeight: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground1 },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
  },
  title: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  tabs: { padding: `0 ${tokens.spacingHorizontalXS}`, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  panel: { flexGrow: 1, overflowY: 'auto', padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}` },
  loading: { padding: tokens.spacingVerticalL },
});

function Themed({ kind, initialTab }: { kind: ThemeKind; initialTab?: TabId }) {
  const { uiLang } = useApp();
  const styles = useStyles();
  useEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.lang = uiLang === 'zh-HK' ? 'zh-HK' : 'en-GB';
  }, [uiLang]);
  return (
    <FluentProvider theme={THEMES[kind]} className={styles.provider} data-theme={kind} lang={uiLang === 'zh-HK' ? 'zh-HK' : 'en-GB'}>
      <I18nProvider lang={uiLang}>
        <Shell initialTab={initialTab} />
      </I18nProvider>
    </FluentProvider>
  );
}

function Shell({ initialTab }: { initialTab?: TabId }) {
  const { host } = useApp();
  const { t } = useI18n();
  const styles = useStyles();
  const tabs = useMemo(() => tabsFor(host), [host]);
  const first: TabId = initialTab && tabs.includes(initialTab) ? initialTab : host.kind === 'outlook-read' ? 'reply' : tabs[0];
  const [tab, setTab] = useState<TabId>(first);
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(() => new Set([first]));
  // The moment the pane is on screen, for `npm run bench:addin` and the browser's performance panel.
  useEffect(() => {
    globalThis.performance?.mark?.('wenshu:first-render');
  }, []);
  const open = (next: TabId) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
  };

  return (
    <>
      <header className={styles.header}>
        <Text as="h1" className={styles.title}>
          {t('app.name')}
        </Text>
        <GatewayBadge />
      </header>
      <TabList
        className={styles.tabs}
        selectedValue={tab}
        onTabSelect={(_, data) => open(data.value as TabId)}
        aria-label={t('app.tabs')}
        size="small"
        data-testid="tabs"
      >
        {tabs.map((id) => (
          <Tab key={id} id={`tab-${id}`} value={id} icon={TAB_ICONS[id]} aria-controls={`panel-${id}`} data-testid={`tab-${id}`}>
            {t(TAB_LABELS[id])}
          </Tab>
        ))}
      </TabList>
      {tabs
        .filter((id) => visited.has(id))
        .map((id) => {
          const Pane = PANES[id];
          return (
            <section key={id} id={`panel-${id}`} role="tabpanel" aria-labelledby={`tab-${id}`} hidden={id !== tab} className={styles.panel} data-testid={`panel-${id}`}>
              <PaneBoundary
                fallback={(error, retry) => (
                  <MessageBar intent="error">
                    <MessageBarBody>{t('app.paneFailed', { reason: error.message })}</MessageBarBody>
                    <MessageBarActions>
                      <Button onClick={retry}>{t('common.retry')}</Button>
                    </MessageBarActions>
                  </MessageBar>
                )}
              >
                <Suspense fallback={<Spinner className={styles.loading} size="small" label={t('app.loading')} />}>
                  <Pane />
                </Suspense>
              </PaneBoundary>
            </section>
          );
        })}
    </>
  );
}
