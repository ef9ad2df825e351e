/** Languages: of messages shown to the officer, and of a document. */
export type Lang = 'zh-HK' | 'en';

/** "zh-HK", "zh", "zh_HK", "zh-Hant", "en", "en-GB" ... → a language Wenshu speaks; undefined for anything else. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase().replace('_', '-');
  if (v === 'zh' || v.startsWith('zh-')) return 'zh-HK';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * The language messages are shown in: --lang when given, otherwise the locale (LC_ALL, LC_MESSAGES, LANG, in
 * POSIX order) when it is Chinese, otherwise English.
 */
export function messageLang(flag: Lang | undefined, env: Record<string, string | undefined>): Lang {
  if (flag) return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-HK' : 'en';
}

/** The main language of a text: Chinese when Han characters carry about as much of it as Latin words do. */
export function detectLang(text: string): Lang {
  let han = 0;
  let latin = 0;
  for (const ch of text) {
    if (/\p{Script=Han}/u.test(ch)) han++;
    else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) latin++;
  }
  // A Chinese character is about one English word, about five letters.
  return han * 5 >= latin && han > 0 ? 'zh-HK' : 'en';
}
