/**
 * Facts a draft asserts that the officer must be able to vouch for: reference numbers, dates, amounts,
 * telephone numbers, email addresses, HKID numbers and names of people. Each found in the model's text is
 * looked for in the inputs (fields, key points, the message being answered, the sources given, the frame); one
 * that is not there is an invented fact. Comparison is on a canonical form (digits of a phone number, the day
 * of a date in any of its spellings, the figure of an amount, a surname in any case), so "2868-0000" is the
 * "2868 0000" of a field and "1 March 2025" the "2025-03-01" of a date field.
 */

import { findPersonalData, fold, type PersonalDataKind } from '../personal-data';

export type FactKind = 'reference' | 'date' | 'amount' | 'phone' | 'email' | 'hkid' | 'person';

export interface Fact {
  kind: FactKind;
  /** As written in the draft. */
  text: string;
  /** UTF-16 offset in the text it was found in. */
  start: number;
  /** Canonical forms; the fact is in the inputs when any of them is. */
  keys: string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?';
const ZH_NUM: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

const ZH_TITLE = /先生|女士|小姐|太太|博士|教授|醫生/;
const ZH_NAME = /([\p{Script=Han}]{1,3})(?:先生|女士|小姐|太太|博士|教授|醫生)/gu;

/**
 * Personal data is found by the one implementation the checker and the redactor use (core/personal-data, in its
 * redactor's reading: what only looks like an HKID counts too), in every spelling (full-width, spaced).
 */
type PersonalFactKind = Extract<PersonalDataKind, 'email' | 'hkid' | 'phone'>;
const PERSONAL_KEYS: Record<PersonalFactKind, (text: string) => string> = {
  email: (t) => `email:${fold(t).text.toLowerCase()}`,
  hkid: (t) => `hkid:${fold(t).text.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
  phone: (t) => `phone:${fold(t).text.replace(/\D/g, '').replace(/^852(?=\d{8}$)/, '')}`,
};

type Pattern = { kind: FactKind; re: RegExp; keys(m: RegExpExecArray): string[] } | { kind: PersonalFactKind; personal: true };

const PATTERNS: Pattern[] = [
  { kind: 'email', personal: true },
  { kind: 'hkid', personal: true },
  {
    // A reference: letters and digits joined by slashes, at least one digit, e.g. "FEHD HQ/1234/56", "TD/C/12/2025", "(12) in L/M 5".
    kind: 'reference',
    re: /(?<![A-Za-z0-9/])(?:\(\d+\)\s*in\s+)?[A-Z][A-Z0-9()]*(?:[ .-][A-Z0-9()]+)*\/[A-Z0-9()./-]*\d[A-Z0-9()./-]*/g,
    keys: (m) => [`ref:${m[0].replace(/^\(\d+\)\s*in\s+/, '').replace(/[\s.]/g, '').toUpperCase()}`],
  },
  { kind: 'phone', personal: true },
  {
    kind: 'amount',
    re: /(?:HK\$|\$|港幣|港元|HKD\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|萬|億))?|\d[\d,]*(?:\.\d+)?\s?(?:萬|億)?元/g,
    keys: (m) => [`amount:${amountValue(m[0])}`],
  },
  {
    kind: 'date',
    re: new RegExp(`\\b(\\d{1,2})\\s+${MONTH_RE}(?:\\s+(\\d{4}))?|\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?(?:\\s+(\\d{4}))?`, 'g'),
    keys: (m) => {
      const day = Number(m[1] ?? m[6]);
      const month = monthIndex(m[2] ?? m[5]);
      const year = m[3] ?? m[7];
      return dateKeys(year ? Number(year) : undefined, month, day);
    },
  },
  {
    kind: 'date',
    re: /(?:(\d{4})|([〇零一二三四五六七八九]{4}))\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日|(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日/g,
    keys: (m) => {
      const year = m[1] ? Number(m[1]) : m[2] ? Number([...m[2]].map((c) => ZH_NUM[c]).join('')) : undefined;
      const month = zhNumber(m[3] ?? m[5]);
      const day = zhNumber(m[4] ?? m[6]);
      return dateKeys(year, month, day);
    },
  },
  {
    kind: 'date',
    re: /\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g,
    keys: (m) => (m[1] ? dateKeys(Number(m[1]), Number(m[2]), Number(m[3])) : dateKeys(Number(m[6]), Number(m[5]), Number(m[4]))),
  },
  {
    kind: 'person',
    re: /\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ir|Sr)\.?\s+((?:[A-Z][A-Za-z'-]+)(?:\s+[A-Z][A-Za-z'-]+){0,2})/g,
    keys: (m) => m[1].split(/\s+/).filter((w) => w.length > 1).map((w) => `name:${w.toLowerCase()}`),
  },
  {
    // 陳大文先生, 李先生, 黃女士: a surname, at most two more characters, then a title.
    kind: 'person',
    re: ZH_NAME,
    keys: (m) => {
      const name = chineseName(m[1]);
      return name ? [`zhname:${name}`] : [];
    },
  },
];

/** Every fact in the text, left to right; where two patterns overlap the first kind listed wins. */
export function findFacts(text: string): Fact[] {
  const facts: Fact[] = [];
  const taken: Array<[number, number]> = [];
  let personal: ReturnType<typeof findPersonalData> | undefined;
  for (const p of PATTERNS) {
    if ('personal' in p) {
      personal ??= findPersonalData(text, { kinds: ['email', 'hkid', 'phone'], strict: false });
      for (const f of personal) {
        if (f.kind !== p.kind || taken.some(([s, e]) => f.start < e && f.end > s)) continue;
        taken.push([f.start, f.end]);
        facts.push({ kind: p.kind, text: f.text, start: f.start, keys: [PERSONAL_KEYS[p.kind](f.text)] });
      }
      continue;
    }
    // The Chinese-name pattern tries every position; most paragraphs hold no title at all.
    if (p.re === ZH_NAME && !ZH_TITLE.test(text)) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const keys = p.keys(m);
      if (!keys.length) continue;
      taken.push([start, end]);
      facts.push({ kind: p.kind, text: m[0], start, keys });
    }
  }
  return facts.sort((a, b) => a.start - b.start);
}

/** Every canonical form the inputs hold, plus their plain text for looser matches. */
export interface InputIndex {
  keys: Set<string>;
  /** Inputs with spaces removed and lower-cased, for names and references written inside longer text. */
  flat: string;
  digits: string;
}

export function indexInputs(texts: readonly string[]): InputIndex {
  const keys = new Set<string>();
  for (const t of texts) {
    for (const f of findFacts(t)) for (const k of f.keys) keys.add(k);
    // A field holding just "2025-03-01" or "2868 0000" is found above; bare surnames of English names too.
    for (const w of t.match(/[A-Za-z][A-Za-z'-]+/g) ?? []) keys.add(`name:${w.toLowerCase()}`);
  }
  // Folded like the facts' keys, so a full-width or spaced spelling in the inputs backs the plain one in the draft.
  const all = fold(texts.join('\n')).text;
  return { keys, flat: all.replace(/\s+/g, '').toLowerCase(), digits: all.replace(/\D/g, '') };
}

/** True when the fact is backed by the inputs. */
export function inInputs(fact: Fact, index: InputIndex): boolean {
  switch (fact.kind) {
    case 'person':
      // A name is backed when its surname is: "Mr Chan" for the "Mr CHAN Tai-man" of a field.
      // 陳先生 is backed by any 陳 in the inputs; 陳小明先生 only by 陳小明.
      if (fact.keys[0].startsWith('zhname:')) return index.flat.includes(fact.keys[0].slice(7));
      return fact.keys.some((k) => index.keys.has(k));
    case 'phone':
      return index.digits.includes(fact.keys[0].slice(6));
    case 'reference':
      return index.flat.toUpperCase().replace(/\./g, '').includes(fact.keys[0].slice(4));
    case 'email':
      return index.flat.includes(fact.keys[0].slice(6));
    case 'hkid':
      return index.flat.toUpperCase().replace(/[^A-Z0-9]/g, '').includes(fact.keys[0].slice(5));
    case 'amount':
      return index.keys.has(fact.keys[0]) || index.digits.includes(fact.keys[0].slice(7).replace(/\D/g, ''));
    case 'date':
      // The first key is the date as written: with its year when it has one.
      return index.keys.has(fact.keys[0]);
  }
}

function dateKeys(year: number | undefined, month: number, day: number): string[] {
  if (!month || !day || month > 12 || day > 31) return [];
  // A date without a year is backed by the same day of any year; one with a year needs that year.
  return year ? [`date:${year}-${month}-${day}`, `date:*-${month}-${day}`] : [`date:*-${month}-${day}`];
}

function monthIndex(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m.startsWith(n.slice(0, 3))) + 1;
}

function zhNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (ZH_NUM[s[1]] ?? 0);
  if (s.length === 3 && s[1] === '十') return ZH_NUM[s[0]] * 10 + ZH_NUM[s[2]];
  if (s.length === 2 && s[1] === '十') return ZH_NUM[s[0]] * 10;
  return ZH_NUM[s] ?? 0;
}

function amountValue(text: string): string {
  const m = /\d[\d,]*(?:\.\d+)?/.exec(text);
  let n = m ? Number(m[0].replace(/,/g, '')) : NaN;
  if (/million/i.test(text)) n *= 1e6;
  else if (/billion/i.test(text)) n *= 1e9;
  else if (/萬/.test(text)) n *= 1e4;
  else if (/億/.test(text)) n *= 1e8;
  return String(n);
}

/** Common Hong Kong surnames (two-character ones first), to find where a Chinese name starts. */
const SURNAMES = ['司徒', '歐陽', '上官', '諸葛', '陳', '李', '張', '黃', '何', '林', '吳', '劉', '蔡', '楊', '梁', '鄭', '謝', '郭', '曾', '羅', '王', '周', '馮', '葉', '蘇', '許', '鄧', '朱', '盧', '潘', '彭', '麥', '余', '袁', '文', '馬', '曹', '黎', '廖', '關', '莫', '區', '孔', '崔', '勞', '江', '姚', '方', '石', '丁', '雷', '鍾', '譚', '嚴', '戴', '范', '韋', '鄺', '趙', '孫', '龍', '陸', '杜', '徐', '胡', '高', '傅', '侯', '伍', '湯', '岑', '顏', '任', '冼', '利', '甘', '蔣', '鄒', '溫', '温', '程', '賴', '薛', '游', '施', '易', '鮑', '邱', '邵', '白', '洪', '田', '宋', '鄔', '翁', '唐', '葛', '毛', '聶'];

/** The name in the characters before a title: from the last surname that leaves at most two more characters. */
function chineseName(before: string): string | undefined {
  for (let i = Math.max(0, before.length - 3); i < before.length; i++) {
    const rest = before.slice(i);
    if (SURNAMES.some((s) => rest.startsWith(s))) return rest;
  }
  return undefined;
}
