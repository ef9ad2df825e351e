/**
 * The pane's two languages: 繁體中文 (Hong Kong written standard) and British English. The UI language follows
 * Office's display language (zh-* -> zh-HK, anything else -> en) unless the officer picks one in Settings.
 * Findings and template texts carry their own two languages; `pick` chooses between them.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { zhHK } from './zh-HK';

export type { MessageKey };
export type UiLang = 'zh-HK' | 'en';
export const UI_LANGS: readonly UiLang[] = ['zh-HK', 'en'];

export const CATALOGUES: Record<UiLang, Record<MessageKey, string>> = { 'zh-HK': zhHK, en };

/** Keys that come in `.one` / `.other` forms. */
export type PluralKey = { [K in MessageKey]: K extends `${infer B}.one` ? B : never }[MessageKey];

export type Vars = Record<string, string | number>;

export function uiLangFor(displayLanguage: string | undefined): UiLang {
  return /^zh/i.test(displayLanguage ?? '') ? 'zh-HK' : 'en';
}

export function translate(lang: UiLang, key: MessageKey, vars?: Vars): string {
  const template = CATALOGUES[lang][key] ?? en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export interface I18n {
  lang: UiLang;
  /** The BCP 47 tag for `lang` attributes. */
  tag: 'zh-HK' | 'en-GB';
  t(key: MessageKey, vars?: Vars): string;
  /** Plural forms: `${key}.one` when count is 1, else `${key}.other`; `{count}` is filled in. */
  tn(key: PluralKey, count: number, vars?: Vars): string;
  /** One of a bilingual pair ({'zh-HK', en}), such as a finding's message or a template's title. */
  pick(text: { 'zh-HK': string; en: string } | undefined): string;
}

export function makeI18n(lang: UiLang): I18n {
  return {
    lang,
    tag: lang === 'zh-HK' ? 'zh-HK' : 'en-GB',
    t: (key, vars) => translate(lang, key, vars),
    tn: (key, count, vars) => translate(lang, `${key}.${count === 1 ? 'one' : 'other'}` as MessageKey, { count, ...vars }),
    pick: (text) => (text ? text[lang] || text.en || text['zh-HK'] : ''),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en'));

export function I18nProvider({ lang, children }: { lang: UiLang; children: ReactNode }) {
  const value = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
