/**
 * Settings: the gateway's address (and a connection test), signing in with Office (SSO, or the sign-in window
 * when SSO is unavailable) and out, a development API key (memory only), the UI language, and about.
 */
import { useState } from 'react';
import { Button, Field, Input, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import { Person20Regular, PlugConnected20Regular, SignOut20Regular } from '@fluentui/react-icons';
import { isHttpUrl } from '../app/config';
import { useApp } from '../app/context';
import type { LanguageChoice } from '../app/settings';
import { Notice } from '../components/Notice';
import { uiLangFor, useI18n, type MessageKey } from '../i18n';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0, border: 'none' },
  legend: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300, padding: 0, marginBottom: tokens.spacingVerticalXS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '10rem' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const HOST_NAMES: Record<string, MessageKey> = {
  word: 'host.word',
  'outlook-read': 'host.outlook-read',
  'outlook-compose': 'host.outlook-compose',
  preview: 'host.preview',
};

export default function SettingsPane() {
  const app = useApp();
  const { host, auth, authState, gateway, gatewayUrl, setGatewayUrl, checkGateway, language, setLanguage, config } = app;
  const { t } = useI18n();
  const styles = useStyles();
  const [url, setUrl] = useState(gatewayUrl);
  const [urlError, setUrlError] = useState('');
  const [saved, setSaved] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [keySet, setKeySet] = useState(auth.hasApiKey);

  const saveUrl = () => {
    if (!isHttpUrl(url)) {
      setUrlError(t('settings.invalidUrl'));
      setSaved(false);
      return;
    }
    setUrlError('');
    setGatewayUrl(url);
    setSaved(true);
  };

  const office = uiLangFor(host.displayLanguage) === 'zh-HK' ? t('lang.zh-HK') : t('lang.en');

  return (
    <div className={styles.root} data-testid="settings-pane">
      <h2 className={styles.title}>{t('settings.title')}</h2>

      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t('settings.gateway')}</legend>
        {config.allowGatewayChange === false ? (
          <Text data-testid="settings-gateway-fixed">{gatewayUrl}</Text>
        ) : (
        <div className={styles.row}>
          <Field label={t('settings.gatewayUrl')} hint={t('settings.gatewayUrlHelp')} className={styles.grow} validationState={urlError ? 'error' : 'none'} validationMessage={urlError || undefined}>
            <Input
              type="url"
              value={url}
              onChange={(_, d) => {
                setUrl(d.value);
                setSaved(false);
              }}
              onKeyDown={(e) => e.key === 'Enter' && saveUrl()}
              data-testid="settings-gateway-url"
            />
          </Field>
          <Button onClick={saveUrl} data-testid="settings-gateway-save">
            {t('settings.save')}
          </Button>
        </div>
        )}
        <div className={styles.row}>
          <Button icon={<PlugConnected20Regular />} onClick={checkGateway} data-testid="settings-gateway-test">
            {t('settings.testConnection')}
          </Button>
          <Text role="status" aria-live="polite">
            {saved ? `${t('settings.saved')} ` : ''}
            {gateway.state === 'online' ? t('gateway.online') : gateway.state === 'checking' ? t('gateway.checking') : t('gateway.unreachableAt', { url: gatewayUrl })}
          </Text>
        </div>
      </fieldset>

      <fieldset className={styles.section} data-testid="settings-account">
        <legend className={styles.legend}>{t('settings.account')}</legend>
        <Text role="status" aria-live="polite" data-testid="sign-in-state" data-state={authState.status}>
          {authState.status === 'signed-in'
            ? authState.account
              ? t('settings.signedInAs', { account: authState.account })
              : t('settings.signedIn')
            : authState.status === 'signing-in'
              ? t('settings.signingIn')
              : t('settings.signedOut')}
        </Text>
        {authState.status === 'failed' && (
          <Notice intent={authState.reason === 'unavailable' ? 'info' : 'error'}>
            {authState.reason === 'unavailable' ? t('settings.signInUnavailable') : t('settings.signInFailed', { reason: authState.reason })}
          </Notice>
        )}
        <div className={styles.row}>
          {authState.status === 'signed-in' ? (
            <Button icon={<SignOut20Regular />} onClick={() => auth.signOut()} data-testid="sign-out">
              {t('settings.signOut')}
            </Button>
          ) : (
            <Button appearance="primary" icon={<Person20Regular />} disabled={authState.status === 'signing-in'} onClick={() => void auth.signIn()} data-testid="sign-in">
              {t('settings.signIn')}
            </Button>
          )}
        </div>
        {!auth.canSignIn && <Text size={200}>{t('settings.signInUnavailable')}</Text>}
        <Text size={200} className={styles.muted}>
          {t('settings.memoryOnly')}
        </Text>
        {/* Production builds leave the development API key out (config.allowApiKey). */}
        {config.allowApiKey !== false && (
        <>
        <div className={styles.row}>
          <Field label={t('settings.apiKey')} hint={t('settings.apiKeyHelp')} className={styles.grow}>
            <Input type="password" autoComplete="off" value={apiKey} onChange={(_, d) => setApiKey(d.value)} data-testid="settings-api-key" />
          </Field>
          <Button
            onClick={() => {
              auth.setApiKey(apiKey);
              setKeySet(Boolean(apiKey.trim()));
              setApiKey('');
            }}
            disabled={!apiKey.trim()}
            data-testid="settings-api-key-use"
          >
            {t('settings.apiKeyUse')}
          </Button>
          {keySet && (
            <Button
              appearance="subtle"
              onClick={() => {
                auth.setApiKey('');
                setKeySet(false);
              }}
              data-testid="settings-api-key-clear"
            >
              {t('settings.apiKeyClear')}
            </Button>
          )}
        </div>
        {keySet && (
          <Text size={200} role="status" data-testid="api-key-state">
            {t('settings.apiKeySet')}
          </Text>
        )}
        </>
        )}
      </fieldset>

      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t('settings.language')}</legend>
        <RadioGroup value={language} onChange={(_, d) => setLanguage(d.value as LanguageChoice)} aria-label={t('settings.language')} data-testid="settings-language">
          <Radio value="auto" label={t('settings.language.auto', { lang: office })} />
          <Radio value="zh-HK" label={t('lang.zh-HK')} data-testid="settings-language-zh-HK" />
          <Radio value="en" label={t('lang.en')} data-testid="settings-language-en" />
        </RadioGroup>
      </fieldset>

      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t('settings.about')}</legend>
        <Text>{t('settings.aboutText', { version: config.version })}</Text>
        <Text size={200} className={styles.muted}>
          {t('settings.host', { host: t(HOST_NAMES[host.kind] ?? 'host.preview') })}
        </Text>
      </fieldset>
    </div>
  );
}
