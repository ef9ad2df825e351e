/**
 * Salutation and complimentary close from the addressee: "Dear Sir/Madam ... Yours faithfully" when the letter
 * is to no one by name, "Dear Mr Chan ... Yours sincerely" when it is. Chinese letters open with the name and
 * title (陳大文先生：) or 先生／女士：, and have no close: the signature block follows the last paragraph.
 */
import type { Bilingual, Lang } from './schema';

export interface Salutation {
  salutation: string;
  close: string;
  named: boolean;
  warning?: Bilingual;
}

const EN_TITLES: Record<string, { en: string; zh: string }> = {
  mr: { en: 'Mr', zh: '先生' },
  mrs: { en: 'Mrs', zh: '太太' },
  ms: { en: 'Ms', zh: '女士' },
  miss: { en: 'Miss', zh: '小姐' },
  dr: { en: 'Dr', zh: '博士' },
  prof: { en: 'Professor', zh: '教授' },
  professor: { en: 'Professor', zh: '教授' },
  ir: { en: 'Ir', zh: '工程師' },
  sr: { en: 'Sr', zh: '測量師' },
};
const ZH_TITLE = /(先生|女士|小姐|太太|博士|教授|醫生|議員|工程師|測量師)$/;
const HAN = /\p{Script=Han}/u;

export function deriveSalutation(addressee: string | undefined, lang: Lang): Salutation {
  const value = (addressee ?? '').trim().replace(/\s+/g, ' ');
  const anonymous: Salutation =
    lang === 'en' ? { salutation: 'Dear Sir/Madam', close: 'Yours faithfully', named: false } : { salutation: '先生／女士', close: '', named: false };
  if (!value) return anonymous;

  if (lang === 'zh-HK') {
    if (ZH_TITLE.test(value)) return { salutation: value, close: '', named: true };
    const en = parseEnglishName(value);
    if (en) return { salutation: `${en.rest}${en.title.zh}`, close: '', named: true, warning: chineseNameWarning(value) };
    return { ...anonymous, warning: titleWarning(value) };
  }
  const en = parseEnglishName(value);
  if (!en || HAN.test(value)) return { ...anonymous, warning: titleWarning(value) };
  return { salutation: `Dear ${en.title.en} ${en.surname}`, close: 'Yours sincerely', named: true };
}

/** "Mr CHAN Tai-man", "Ms Wong Mei-ling", "Dr Peter CHAN", "Mr Chan" -> title and surname (in title case). */
function parseEnglishName(value: string): { title: { en: string; zh: string }; surname: string; rest: string } | undefined {
  const [first, ...rest] = value.split(' ');
  const title = EN_TITLES[first.replace(/\.$/, '').toLowerCase()];
  if (!title || !rest.length) return undefined;
  // A word in capitals is the surname (the government's own style); otherwise Chinese order puts it first,
  // unless the other word is a Western given name (no hyphen), when it comes last.
  const upper = rest.find((w) => w.length > 1 && w === w.toUpperCase() && /[A-Z]/.test(w));
  const surname = upper ?? (rest.length === 1 || rest.slice(1).some((w) => w.includes('-')) ? rest[0] : rest[rest.length - 1]);
  return { title, surname: titleCase(surname), rest: rest.join(' ') };
}

function titleCase(word: string): string {
  return word
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('-');
}

function titleWarning(value: string): Bilingual {
  return {
    en: `The addressee "${value}" has no title (Mr, Ms, Dr …), so the letter opens "Dear Sir/Madam".`,
    'zh-HK': `收件人「${value}」沒有稱謂（先生、女士等），因此以「先生／女士」稱呼。`,
  };
}

function chineseNameWarning(value: string): Bilingual {
  return {
    en: `The addressee "${value}" is written in English; give the Chinese name for a Chinese letter.`,
    'zh-HK': `收件人「${value}」以英文書寫；中文信件宜用中文姓名。`,
  };
}
