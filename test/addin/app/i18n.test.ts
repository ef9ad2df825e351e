import { createChecker } from '../../../src/core/checks';
import { fromParagraphs } from '../../../src/core/text/document';
import { en } from '../../../src/addin/i18n/en';
import { zhHK } from '../../../src/addin/i18n/zh-HK';
import { makeI18n, uiLangFor } from '../../../src/addin/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  test('the same keys in both languages, none empty', () => {
    expect(Object.keys(zhHK).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(en), ...Object.entries(zhHK)]) {
      expect([key, value.trim().length > 0]).toEqual([key, true]);
    }
  });

  test('the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect([key, placeholders(zhHK[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  test('plural keys come in pairs', () => {
    for (const key of Object.keys(en)) {
      if (key.endsWith('.one')) expect(Object.keys(en)).toContain(key.replace(/\.one$/, '.other'));
    }
  });

  test('the Chinese is Hong Kong written Chinese: no Simplified characters, no Cantonese, full-width punctuation', () => {
    const checker = createChecker({ ruleSets: ['hk-zh-characters', 'hk-zh-formal'] });
    const doc = fromParagraphs(Object.values(zhHK).map((text) => ({ kind: 'paragraph' as const, text })));
    const findings = checker.check(doc, { lang: 'zh-HK' });
    expect(findings.map((f) => `${f.ruleId}: ${f.text}`)).toEqual([]);
  });

  test('language follows Office: zh-* -> zh-HK, anything else -> en', () => {
    expect(uiLangFor('zh-HK')).toBe('zh-HK');
    expect(uiLangFor('zh-TW')).toBe('zh-HK');
    expect(uiLangFor('zh-CN')).toBe('zh-HK');
    expect(uiLangFor('en-GB')).toBe('en');
    expect(uiLangFor('fr-FR')).toBe('en');
    expect(uiLangFor(undefined)).toBe('en');
  });

  test('interpolation, plurals and bilingual picks', () => {
    const en = makeI18n('en');
    const zh = makeI18n('zh-HK');
    expect(en.tn('check.summary', 1)).toBe('1 finding');
    expect(en.tn('check.summary', 3)).toBe('3 findings');
    expect(zh.tn('check.summary', 3)).toBe('3 項結果');
    expect(en.t('draft.failed', { reason: 'x' })).toBe('The draft failed: x. Nothing was inserted.');
    expect(zh.pick({ 'zh-HK': '中', en: 'E' })).toBe('中');
    expect(en.pick({ 'zh-HK': '中', en: 'E' })).toBe('E');
  });
});
