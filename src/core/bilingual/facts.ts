/**
 * The checkable facts of a paragraph in either language: amounts, percentages, dates, times, reference numbers
 * (file references, Cap. numbers, telephone numbers) and other numbers, each with a key that is the same in
 * Chinese and English ($1.5 million, 150萬元 and HK$1,500,000 are all `amount:HKD:1500000`).
 */
import { EN_NUMBER_WORDS, formatNumber, parseArabic, parseEnWords, parseZhNumber, scaleOf, tidy, ZH_NUMBER, ZH_NUMERAL_CHARS } from './numbers';

export type FactKind = 'amount' | 'percentage' | 'date' | 'time' | 'reference' | 'number';

export interface Fact {
  kind: FactKind;
  /** The same in both languages for the same value. */
  key: string;
  /** Keys of values this one may stand for: a date without its year, an hour without a.m. or p.m. */
  compat: string[];
  /** The value in words for messages, in each language (HK$1,500,000 / 1,500,000港元). */
  display: { 'zh-HK': string; en: string };
  /** The number, for amounts, percentages and numbers. */
  value?: number;
  /** UTF-16 offsets into the paragraph's text. */
  start: number;
  end: number;
  text: string;
  /** Numbers written as words (三間, two): weaker evidence, reported only as warnings. */
  weak?: boolean;
  /** Extra detail for rendering a fix in the same style. */
  style?: Record<string, string | number | boolean | undefined>;
}

export interface ParagraphFacts {
  facts: Fact[];
  /** Every number that can be read anywhere in the paragraph, loosely: for tolerating a number written another way. */
  loose: Set<number>;
  /** The paragraph's own number ("3.", "(b)", "（三）"), for alignment. */
  enumerator?: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_RE = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const monthOf = (name: string) => {
  const i = MONTHS.findIndex((m) => m.slice(0, 3) === name.slice(0, 3));
  return i < 0 ? undefined : i + 1;
};

const ZH_YEAR = '(\\d{4}|[〇零一二三四五六七八九]{4})';
const ZH_MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const ZH_DAY = '(\\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const ZH_HOUR = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const ZH_MIN = '(\\d{1,2}|[一二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])';
const ZH_PERIOD = '(上午|下午|中午|正午|晚上|早上|凌晨|傍晚|黃昏|晚間|夜間|清晨)';

/** Measure words after a Chinese numeral that make it a count (三間, 兩名, 十八區). */
const MEASURE =
  '(?:個|名|位|間|項|宗|次|份|架|輛|部|條|座|幢|張|本|頁|段|款|類|種|組|隊|區|所|家|人|年|月|日|天|星期|小時|分鐘|倍|歲|層|級|期|屆|套|批|箱|包|件|隻|棵|米|公里|公尺|平方米|公頃|噸|公斤|輪|場|節|堂|趟|季|戶|棟|幅|塊|支|席|票|例|號|條|點鐘)';

const zhNum = (s: string) => parseZhNumber(s);
const pad = (n: number) => String(n).padStart(2, '0');

function dateFact(y: number | undefined, m: number, d: number | undefined): Pick<Fact, 'key' | 'compat' | 'display'> | undefined {
  if (!(m >= 1 && m <= 12) || (d !== undefined && !(d >= 1 && d <= 31)) || (y !== undefined && !(y >= 1900 && y <= 2200))) return undefined;
  const month = `date:month:${pad(m)}`;
  if (y !== undefined && d !== undefined)
    return { key: `date:${y}-${pad(m)}-${pad(d)}`, compat: [`date:--${pad(m)}-${pad(d)}`, `date:${y}-${pad(m)}`, month], display: { 'zh-HK': `${y}年${m}月${d}日`, en: `${d} ${MONTHS[m - 1]} ${y}` } };
  if (d !== undefined) return { key: `date:--${pad(m)}-${pad(d)}`, compat: [month], display: { 'zh-HK': `${m}月${d}日`, en: `${d} ${MONTHS[m - 1]}` } };
  if (y !== undefined) return { key: `date:${y}-${pad(m)}`, compat: [month], display: { 'zh-HK': `${y}年${m}月`, en: `${MONTHS[m - 1]} ${y}` } };
  return { key: month, compat: [], display: { 'zh-HK': `${m}月`, en: MONTHS[m - 1] } };
}

/** Time of day as a fact; `certain` when a.m./p.m., a period word (下午) or a 24-hour clock fixes the hour. */
function timeFact(h: number, min: number, certain: boolean): Pick<Fact, 'key' | 'compat' | 'display'> | undefined {
  if (!(h >= 0 && h <= 24) || !(min >= 0 && min < 60)) return undefined;
  if (!certain && h >= 1 && h <= 12) {
    const alt = h === 12 ? 0 : h + 12;
    return { key: `time:~${pad(h)}:${pad(min)}`, compat: [`time:${pad(h)}:${pad(min)}`, `time:${pad(alt)}:${pad(min)}`], display: { 'zh-HK': `${h}時${min ? `${min}分` : ''}`, en: `${h}:${pad(min)}` } };
  }
  const hh = h === 24 ? 0 : h;
  return { key: `time:${pad(hh)}:${pad(min)}`, compat: [], display: { 'zh-HK': zhTime(hh, min), en: enTime(hh, min, true) } };
}

export function zhTime(h: number, min: number): string {
  const period = h === 0 ? '凌晨' : h < 12 ? '上午' : h === 12 ? '中午' : h < 19 ? '下午' : '晚上';
  const h12 = h === 0 ? 12 : h > 12 ? h - 12 : h;
  return `${period}${h12}時${min ? `${min}分` : ''}`;
}

export function enTime(h: number, min: number, withMinutes: boolean): string {
  if (h === 12 && min === 0) return '12 noon';
  if (h === 0 && min === 0) return '12 midnight';
  const h12 = h === 0 ? 12 : h > 12 ? h - 12 : h;
  return `${h12}${withMinutes || min ? `:${pad(min)}` : ''} ${h < 12 ? 'am' : 'pm'}`;
}

function periodHour(period: string | undefined, h: number): number {
  switch (period) {
    case '下午':
    case '晚上':
    case '傍晚':
    case '黃昏':
    case '晚間':
    case '夜間':
      return h < 12 ? h + 12 : h;
    case '中午':
    case '正午':
      return h === 12 ? 12 : h < 6 ? h + 12 : h;
    case '凌晨':
    case '上午':
    case '早上':
    case '清晨':
      return h === 12 ? 0 : h;
    default:
      return h;
  }
}

function currencyOf(s: string): 'HKD' | 'USD' | 'RMB' {
  if (/US\$|USD|美元/.test(s)) return 'USD';
  if (/RMB|人民幣/.test(s)) return 'RMB';
  return 'HKD';
}

const CURRENCY_DISPLAY = { HKD: { en: 'HK$', zh: '港元' }, USD: { en: 'US$', zh: '美元' }, RMB: { en: 'RMB', zh: '元人民幣' } } as const;

function amountFact(value: number, currency: 'HKD' | 'USD' | 'RMB'): Pick<Fact, 'key' | 'compat' | 'display' | 'value'> {
  const v = tidy(value);
  const c = CURRENCY_DISPLAY[currency];
  return { key: `amount:${currency}:${v}`, compat: [], value: v, display: { 'zh-HK': `${formatNumber(v)}${c.zh}`, en: `${c.en}${formatNumber(v)}` } };
}

interface Claimed {
  taken: Uint8Array;
  facts: Fact[];
}

function free(c: Claimed, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (c.taken[i]) return false;
  return true;
}

function claim(c: Claimed, start: number, end: number, fact?: Omit<Fact, 'start' | 'end' | 'text'>, text?: string): boolean {
  if (end <= start || !free(c, start, end)) return false;
  c.taken.fill(1, start, end);
  if (fact) c.facts.push({ ...fact, start, end, text: text ?? '' });
  return true;
}

const compiled = new Map<string, RegExp>();

/** A regular expression compiled once (extractFacts runs on every paragraph). */
function rx(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = new RegExp(source, flags)));
  return re;
}

function each(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    fn(m);
  }
}

/** The span of a match without leading and trailing spaces. */
function span(m: RegExpExecArray): { start: number; end: number; text: string } {
  const lead = m[0].length - m[0].trimStart().length;
  const body = m[0].trim();
  return { start: m.index + lead, end: m.index + lead + body.length, text: body };
}

const EN_ENUMERATOR = /^\s*(?:\(?(\d{1,2})[.)]|\(([a-z]{1,3})\)|([a-z])[.)])(?=\s)/;
const ZH_ENUMERATOR = new RegExp(`^\\s*(?:[（(]([${ZH_NUMERAL_CHARS}]{1,3}|\\d{1,2}|[a-z]{1,3})[)）]|([一二三四五六七八九十]{1,3})、|(\\d{1,2})[.．、](?!\\d))`);
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };

function enumeratorValue(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[a-z]$/.test(raw) && !(raw in ROMAN && raw !== 'v' && raw !== 'x' && raw !== 'i')) return raw.charCodeAt(0) - 96;
  if (raw in ROMAN) return ROMAN[raw];
  return parseZhNumber(raw);
}

/** Finds the facts of one paragraph (Chinese, English or both mixed). */
export function extractFacts(text: string): ParagraphFacts {
  const c: Claimed = { taken: new Uint8Array(text.length), facts: [] };
  const loose = new Set<number>();
  let enumerator: number | undefined;

  // The paragraph's own number is an anchor for alignment, not a fact.
  const en = EN_ENUMERATOR.exec(text);
  const zh = en ? null : ZH_ENUMERATOR.exec(text);
  const lead = en ?? zh;
  if (lead) {
    enumerator = enumeratorValue((lead[1] ?? lead[2] ?? lead[3] ?? '').toLowerCase());
    claim(c, 0, lead[0].length);
  }

  // Addresses: their digits are not facts.
  each(/https?:\/\/[^\s，。；）」]+|www\.[^\s，。；）」]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, text, (m) => claim(c, m.index, m.index + m[0].length));

  // --- reference numbers: Cap. 132 / 第132章, then file references with slashes
  each(/\b(?:Cap(?:\.|ter)?)\s?(\d+[A-Z]{0,3})\b/g, text, (m) => {
    const n = m[1];
    claim(c, m.index, m.index + m[0].length, { kind: 'reference', key: `reference:cap:${n}`, compat: [], display: { 'zh-HK': `第${n}章`, en: `Cap. ${n}` }, style: { cap: true } }, m[0]);
  });
  each(/第\s?(\d+[A-Z]{0,3})\s?章/g, text, (m) => {
    const n = m[1];
    claim(c, m.index, m.index + m[0].length, { kind: 'reference', key: `reference:cap:${n}`, compat: [], display: { 'zh-HK': `第${n}章`, en: `Cap. ${n}` }, style: { cap: true } }, m[0]);
  });
  each(/(?:\(\d+\)\s?in\s)?(?:[A-Z][A-Z0-9&()]*\s){0,3}[A-Za-z0-9()&.-]+(?:\/[A-Za-z0-9()&.-]+)+/g, text, (m) => {
    let raw = m[0].replace(/[.,-]+$/, '');
    if ((raw.match(/\)/g) ?? []).length > (raw.match(/\(/g) ?? []).length) raw = raw.replace(/\)+$/, '');
    const core = raw.slice(raw.lastIndexOf(' ') + 1);
    const slashes = (core.match(/\//g) ?? []).length;
    if (!/\d/.test(core)) return; // and/or, km/h
    if (/^(?:\d{1,2}|G|LG\d?|UG|M)\/F$/i.test(core)) {
      claim(c, m.index, m.index + raw.length); // a floor (2/F), written 2樓 in Chinese: not compared
      return;
    }
    const asDate = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(core);
    if (asDate && raw === core && Number(asDate[1]) <= 31 && Number(asDate[2]) <= 31 && Math.min(Number(asDate[1]), Number(asDate[2])) <= 12) return; // a date
    if (!/[A-Za-z]/.test(core) && slashes < 2) return; // a fraction
    const key = `reference:${raw.toUpperCase().replace(/\s+/g, '')}`;
    claim(c, m.index, m.index + raw.length, { kind: 'reference', key, compat: [], display: { 'zh-HK': raw, en: raw }, style: { verbatim: true } }, raw);
  });

  // --- dates
  const addDate = (start: number, end: number, y: number | undefined, m: number | undefined, d: number | undefined, style: Fact['style']) => {
    if (m === undefined) return false;
    const f = dateFact(y, m, d);
    if (!f) return false;
    return claim(c, start, end, { kind: 'date', ...f, style }, text.slice(start, end));
  };
  // Ranges first: 2026年12月10日及11日, 10 and 11 December 2026.
  each(rx(`(?:${ZH_YEAR}\\s?年\\s?)?${ZH_MONTH}\\s?月\\s?${ZH_DAY}\\s?[日號]?\\s?(?:及|和|與|、|至|或)\\s?${ZH_DAY}\\s?[日號]`, 'g'), text, (m) => {
    const y = m[1] ? zhNum(m[1]) : undefined;
    const mo = zhNum(m[2]);
    const second = m.index + m[0].length - m[4].length - m[0].slice(-1).length;
    const firstEnd = m.index + m[0].search(new RegExp(`${m[3]}\\s?[日號]?\\s?(?:及|和|與|、|至|或)`)) + m[3].length;
    if (!free(c, m.index, m.index + m[0].length)) return;
    addDate(m.index, text[firstEnd] === '日' || text[firstEnd] === '號' ? firstEnd + 1 : firstEnd, y, mo, zhNum(m[3]), { zh: true });
    addDate(second, m.index + m[0].length, y, mo, zhNum(m[4]), { zh: true });
  });
  each(rx(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:and|&|to|or|-|–)\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE}(?:,?\\s+(\\d{4}))?\\b`, 'g'), text, (m) => {
    if (!free(c, m.index, m.index + m[0].length)) return;
    const y = m[4] ? Number(m[4]) : undefined;
    const mo = monthOf(m[3]);
    addDate(m.index, m.index + m[1].length, y, mo, Number(m[1]), {});
    const second = m.index + m[0].indexOf(m[2], m[1].length + 1);
    addDate(second, m.index + m[0].length, y, mo, Number(m[2]), {});
  });
  each(rx(`${ZH_YEAR}\\s?年\\s?${ZH_MONTH}\\s?月\\s?${ZH_DAY}\\s?[日號]`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, zhNum(m[1]), zhNum(m[2]), zhNum(m[3]), { zh: true });
  });
  each(rx(`${ZH_YEAR}\\s?年\\s?${ZH_MONTH}\\s?月(?:份)?`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, zhNum(m[1]), zhNum(m[2]), undefined, { zh: true });
  });
  each(rx(`(?<![年\\d${ZH_NUMERAL_CHARS}])${ZH_MONTH}\\s?月\\s?${ZH_DAY}\\s?[日號]`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, undefined, zhNum(m[1]), zhNum(m[2]), { zh: true });
  });
  each(rx(`(?<![年\\d${ZH_NUMERAL_CHARS}個])${ZH_MONTH}\\s?月(?:份)?(?![\\d${ZH_NUMERAL_CHARS}])`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, undefined, zhNum(m[1]), undefined, { zh: true });
  });
  each(rx(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4}))?\\b`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, m[3] ? Number(m[3]) : undefined, monthOf(m[2]), Number(m[1]), {});
  });
  each(rx(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, m[3] ? Number(m[3]) : undefined, monthOf(m[1]), Number(m[2]), {});
  });
  each(rx(`\\b${MONTH_RE}\\s+(\\d{4})\\b`, 'g'), text, (m) => {
    addDate(m.index, m.index + m[0].length, Number(m[2]), monthOf(m[1]), undefined, {});
  });
  each(/\b(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b/g, text, (m) => {
    let d = Number(m[1]);
    let mo = Number(m[3]);
    if (mo > 12 && d <= 12) [d, mo] = [mo, d];
    addDate(m.index, m.index + m[0].length, Number(m[4]), mo, d, { numeric: true });
  });
  each(/\b(\d{4})-(\d{2})-(\d{2})\b/g, text, (m) => {
    addDate(m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), Number(m[3]), { numeric: true });
  });
  // A month on its own, where English shows it is one ("in November", "by May").
  each(/\b(?:in|of|by|from|since|until|till|to|before|after|during|early|late|mid-|end of|beginning of|this|last|next|and|or|through)\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)/g, text, (m) => {
    const start = m.index + m[0].length - m[1].length;
    addDate(start, m.index + m[0].length, undefined, monthOf(m[1]), undefined, {});
  });

  // --- times
  const addTime = (start: number, end: number, h: number | undefined, min: number | undefined, certain: boolean, style: Fact['style']) => {
    if (h === undefined || min === undefined) return;
    const f = timeFact(h, min, certain);
    if (f) claim(c, start, end, { kind: 'time', ...f, style }, text.slice(start, end));
  };
  each(/\b(\d{1,2})(?:[:.](\d{2}))?\s?(a\.m\.?|p\.m\.?|am|pm)(?![A-Za-z])/gi, text, (m) => {
    let h = Number(m[1]);
    if (h < 1 || h > 12) return;
    const pm = /^p/i.test(m[3]);
    h = pm ? (h === 12 ? 12 : h + 12) : h === 12 ? 0 : h;
    addTime(m.index, m.index + m[0].length, h, m[2] ? Number(m[2]) : 0, true, { minutes: m[2] !== undefined });
  });
  each(/\b(?:12(?::00)?\s?)?(noon|midday|midnight)\b/gi, text, (m) => {
    addTime(m.index, m.index + m[0].length, /midnight/i.test(m[1]) ? 0 : 12, 0, true, {});
  });
  each(rx(`${ZH_PERIOD}?\\s?(\\d{1,2})[:：](\\d{2})(?!\\d)`, 'g'), text, (m) => {
    const h = Number(m[2]);
    const certain = m[1] !== undefined || h > 12 || h === 0;
    addTime(m.index, m.index + m[0].length, periodHour(m[1], h), Number(m[3]), certain, { zh: m[1] !== undefined, minutes: true });
  });
  each(rx(`${ZH_PERIOD}?\\s?${ZH_HOUR}\\s?([時点點])(?:\\s?${ZH_MIN}\\s?分|(半)|(正))?`, 'g'), text, (m) => {
    const [, period, hour, mark, minute, half, sharp] = m;
    const arabic = /^\d/.test(hour);
    if ((mark !== '時' || !arabic) && !period && !minute && !half && !sharp) return;
    if (mark !== '時' && !period) return;
    // 三點五 (3.5) is a number, not a time.
    if (mark !== '時' && !minute && !half && /[\d一二三四五六七八九]/.test(text[m.index + m[0].length] ?? '')) return;
    const h = zhNum(hour);
    if (h === undefined || h > 24) return;
    const min = minute ? zhNum(minute) : half ? 30 : 0;
    addTime(m.index, m.index + m[0].length, periodHour(period, h), min, period !== undefined || h > 12, { zh: true });
  });

  // --- percentages
  const addPercent = (start: number, end: number, v: number | undefined, points: boolean, style: Fact['style']) => {
    if (v === undefined) return;
    const value = tidy(v);
    const key = `${points ? 'points' : 'percentage'}:${value}`;
    const display = points ? { 'zh-HK': `${formatNumber(value)}個百分點`, en: `${formatNumber(value)} percentage points` } : { 'zh-HK': `${formatNumber(value)}%`, en: `${formatNumber(value)}%` };
    claim(c, start, end, { kind: 'percentage', key, compat: [], value, display, style }, text.slice(start, end));
  };
  // Ranges: 百分之二十至四十, 20 to 40 per cent, 20%-40%.
  each(rx(`百分之\\s?(${ZH_NUMBER})\\s?(?:至|到|或|、|及|和)\\s?(百分之)?\\s?(${ZH_NUMBER})`, 'g'), text, (m) => {
    const second = m.index + m[0].length - m[3].length;
    const firstEnd = m.index + m[0].indexOf(m[1]) + m[1].length;
    if (!free(c, m.index, m.index + m[0].length)) return;
    addPercent(m.index, firstEnd, zhNum(m[1]), false, { form: 'zh' });
    addPercent(m[2] ? second - m[2].length - (m[0].slice(0, m[0].length - m[3].length).endsWith(' ') ? 1 : 0) : second, m.index + m[0].length, zhNum(m[3]), false, { form: 'zh' });
  });
  each(/(\d+(?:\.\d+)?)\s?(%|％)?\s?(?:to|and|or|-|–)\s?(\d+(?:\.\d+)?)\s?(%|％|per\s?cent\b|percent\b)/g, text, (m) => {
    if (!free(c, m.index, m.index + m[0].length)) return;
    const firstEnd = m.index + m[1].length + (m[2] ? m[0].slice(m[1].length).indexOf(m[2]) + m[2].length : 0);
    const secondStart = m.index + m[0].lastIndexOf(m[3], m[0].length - m[4].length);
    const form = /%|％/.test(m[4]) ? 'sign' : 'words';
    addPercent(m.index, firstEnd, Number(m[1]), false, { form });
    addPercent(secondStart, m.index + m[0].length, Number(m[3]), false, { form });
  });
  each(/(\d+(?:\.\d+)?)\s?percentage points?\b/g, text, (m) => addPercent(m.index, m.index + m[0].length, Number(m[1]), true, {}));
  each(rx(`(${ZH_NUMBER})\\s?個?百分點`, 'g'), text, (m) => addPercent(m.index, m.index + m[0].length, zhNum(m[1]), true, {}));
  each(/(\d+(?:\.\d+)?)\s?(%|％|per\s?cent\b|percent\b)/g, text, (m) => addPercent(m.index, m.index + m[0].length, Number(m[1]), false, { form: /%|％/.test(m[2]) ? 'sign' : 'words' }));
  each(rx(`(${EN_NUMBER_WORDS})\\s+per\\s?cent\\b`, 'gi'), text, (m) => addPercent(m.index, m.index + m[0].length, parseEnWords(m[1])?.value, false, { form: 'words' }));
  each(rx(`百分之\\s?(${ZH_NUMBER})`, 'g'), text, (m) => addPercent(m.index, m.index + m[0].length, zhNum(m[1]), false, { form: 'zh' }));
  each(/([一二三四五六七八九]|\d)\s?成(?![功為立員本果績就效年人長份分熟不])/g, text, (m) => addPercent(m.index, m.index + m[0].length, (zhNum(m[1]) ?? 0) * 10, false, { form: 'cheng' }));

  // --- amounts
  each(/(HK\$|US\$|RMB\s?|HKD\s?|USD\s?|\$)\s?(\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(million|billion|thousand|mn|bn|m|k)\b)?/gi, text, (m) => {
    const n = parseArabic(m[2]);
    if (n === undefined) return;
    const end = m.index + m[0].length;
    claim(c, m.index, end, { kind: 'amount', ...amountFact(n * scaleOf(m[3]), currencyOf(m[1])), style: { prefix: m[1].trim(), scale: m[3] ?? '' } }, m[0]);
  });
  each(/(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(million|billion))?\s+(?:(Hong Kong|HK|US)\s+)?dollars?\b/gi, text, (m) => {
    const n = parseArabic(m[1]);
    if (n === undefined) return;
    claim(c, m.index, m.index + m[0].length, { kind: 'amount', ...amountFact(n * scaleOf(m[2]), m[3] === 'US' ? 'USD' : 'HKD'), style: { words: true } }, m[0]);
  });
  each(rx(`(港幣|港元|人民幣|美元|HK\\$|US\\$|\\$)?\\s?(${ZH_NUMBER})\\s?(港元|美元|元人民幣|元|圓)`, 'g'), text, (m) => {
    const n = parseZhNumber(m[2].replace(/,$/, ''));
    if (n === undefined) return;
    claim(c, m.index, m.index + m[0].length, { kind: 'amount', ...amountFact(n, currencyOf(`${m[1] ?? ''}${m[3]}`)), style: { zh: true, prefix: m[1] ?? '', suffix: m[3], big: /[萬億]/.test(m[2]) } }, m[0]);
  });
  each(rx(`(港幣|人民幣|美元)\\s?(${ZH_NUMBER})`, 'g'), text, (m) => {
    const n = parseZhNumber(m[2].replace(/,$/, ''));
    if (n === undefined) return;
    claim(c, m.index, m.index + m[0].length, { kind: 'amount', ...amountFact(n, currencyOf(m[1])), style: { zh: true, prefix: m[1], suffix: '', big: /[萬億]/.test(m[2]) } }, m[0]);
  });

  // --- telephone and fax numbers (eight digits)
  each(/(?<!\d|\d[,.])([2-9]\d{3})\s?(\d{4})(?!\d|[,.]\d)/g, text, (m) => {
    const digits = `${m[1]}${m[2]}`;
    claim(c, m.index, m.index + m[0].length, { kind: 'reference', key: `reference:tel:${digits}`, compat: [], display: { 'zh-HK': m[0], en: m[0] }, style: { verbatim: true } }, m[0]);
  });

  // --- other numbers
  const addNumber = (start: number, end: number, v: number | undefined, weak: boolean) => {
    if (v === undefined) return;
    const value = tidy(v);
    claim(c, start, end, { kind: 'number', key: `number:${value}`, compat: [], value, weak, display: { 'zh-HK': formatNumber(value), en: formatNumber(value) } }, text.slice(start, end));
  };
  each(/(?<![A-Za-z\d.,])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(\.\d+)?(?:(?:st|nd|rd|th)\b|\s+(million|billion)\b|\s?([萬億]))?/g, text, (m) => {
    const base = parseArabic(`${m[1].replace(/[ \u00a0\u202f]/g, '')}${m[2] ?? ''}`);
    if (base === undefined) return;
    const scale = m[3] ? scaleOf(m[3]) : m[4] === '萬' ? 1e4 : m[4] === '億' ? 1e8 : 1;
    addNumber(m.index, m.index + m[0].length, base * scale, false);
  });
  // Halves: 兩個半小時, two and a half hours.
  each(rx(`([${ZH_NUMERAL_CHARS}]+|\\d+)個半(?=${MEASURE})`, 'g'), text, (m) => {
    const v = parseZhNumber(m[1]);
    if (v !== undefined) addNumber(m.index, m.index + m[0].length, v + 0.5, true);
  });
  each(rx(`(${EN_NUMBER_WORDS}|\\d+)\\s+and\\s+a\\s+half\\b`, 'gi'), text, (m) => {
    const v = /^\d/.test(m[1]) ? Number(m[1]) : parseEnWords(m[1])?.value;
    if (v !== undefined) addNumber(m.index, m.index + m[0].length, v + 0.5, true);
  });
  each(/\b(?:Phase|Part|Stage|Round|Tier|Annex|Appendix|Schedule|Volume|Vol\.)\s+([IVX]{1,5})\b/g, text, (m) => {
    const v = romanValue(m[1]);
    if (v !== undefined && v >= 2) addNumber(m.index + m[0].length - m[1].length, m.index + m[0].length, v, true);
  });
  each(rx(`(?:${EN_NUMBER_WORDS})(?:\\s+(million|billion)\\b)?`, 'gi'), text, (m) => {
    const parsed = parseEnWords(m[0]);
    if (!parsed || parsed.value < 2) return;
    addNumber(m.index, m.index + m[0].length, parsed.value, true);
  });
  each(rx(`第\\s?([${ZH_NUMERAL_CHARS}]+)|([${ZH_NUMERAL_CHARS}]+)(?=${MEASURE})`, 'g'), text, (m) => {
    const raw = m[1] ?? m[2];
    const v = parseZhNumber(raw);
    if (v === undefined || v < 2) return;
    const start = m.index + m[0].length - raw.length;
    addNumber(m[1] ? m.index : start, m.index + m[0].length, v, true);
  });

  // Loose reading: every number anywhere (but the paragraph's own number), for tolerance.
  const body = lead ? ' '.repeat(lead[0].length) + text.slice(lead[0].length) : text;
  each(/\btwice\b|\bboth\b|\bdouble\b|\bpair\b/gi, body, () => loose.add(2));
  each(/\bthrice\b|\btriple\b/gi, body, () => loose.add(3));
  each(/\bdozens?\b/gi, body, () => loose.add(12));
  each(/\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d[\d,]*(?:\.\d+)?/g, body, (m) => {
    const v = parseArabic(m[0].replace(/,$/, '').replace(/[ \u00a0\u202f]/g, ''));
    if (v !== undefined) loose.add(tidy(v));
    for (const part of m[0].split(/[ \u00a0\u202f]/)) {
      const p = parseArabic(part.replace(/,$/, ''));
      if (p !== undefined) loose.add(tidy(p));
    }
  });
  each(rx(`[${ZH_NUMERAL_CHARS}]+`, 'g'), body, (m) => {
    const v = parseZhNumber(m[0]);
    if (v !== undefined) loose.add(v);
  });
  each(rx(EN_NUMBER_WORDS, 'gi'), body, (m) => {
    const v = parseEnWords(m[0]);
    if (v) loose.add(v.value);
  });
  for (const f of c.facts) if (f.value !== undefined) loose.add(f.value);

  c.facts.sort((a, b) => a.start - b.start);
  return { facts: c.facts, loose, enumerator };
}

function romanValue(r: string): number | undefined {
  const v: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    const a = v[r[i]];
    const b = v[r[i + 1]] ?? 0;
    total += a < b ? -a : a;
  }
  return total > 0 ? total : undefined;
}

/** The fact written in the other paragraph's style, for a fix; undefined when it cannot be said safely. */
export function renderFact(target: Fact, like: Fact, lang: 'zh-HK' | 'en'): string | undefined {
  if (target.kind !== like.kind) return undefined;
  switch (target.kind) {
    case 'reference':
      if (target.style?.verbatim && like.style?.verbatim) return target.text;
      if (target.style?.cap && like.style?.cap) return target.display[lang];
      return undefined;
    case 'date':
      if (like.style?.numeric) return undefined;
      return target.key.startsWith('date:~') ? undefined : target.display[lang];
    case 'time': {
      const m = /^time:(\d\d):(\d\d)$/.exec(target.key);
      if (!m) return undefined;
      const h = Number(m[1]);
      const min = Number(m[2]);
      if (lang === 'zh-HK') return /[:：]/.test(like.text) ? undefined : zhTime(h, min);
      return enTime(h, min, like.style?.minutes === true);
    }
    case 'percentage': {
      if (target.value === undefined || target.key.startsWith('points:') !== like.key.startsWith('points:')) return undefined;
      const v = formatNumber(target.value);
      if (like.key.startsWith('points:')) return undefined;
      if (like.style?.form === 'sign') return `${v}%`;
      if (like.style?.form === 'words' && lang === 'en') return `${v} per cent`;
      if (like.style?.form === 'zh') return `百分之${toZhNumeral(target.value) ?? v}`;
      return undefined;
    }
    case 'amount': {
      if (target.value === undefined || target.key.split(':')[1] !== like.key.split(':')[1]) return undefined;
      const v = target.value;
      if (like.style?.zh) {
        const body = like.style.big ? bigZh(v) : formatNumber(v);
        return `${like.style.prefix ?? ''}${body}${like.style.suffix ?? ''}`;
      }
      if (like.style?.prefix !== undefined && !like.style.words) {
        const prefix = String(like.style.prefix);
        const scale = String(like.style.scale ?? '').toLowerCase();
        if (scale === 'million' || scale === 'billion') {
          const n = v / scaleOf(scale);
          return `${prefix}${formatNumber(n)} ${scale}`;
        }
        return scale ? undefined : `${prefix}${formatNumber(v)}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** 1500000 → 150萬, 150000000 → 1.5億, 2300 → 2,300. */
function bigZh(v: number): string {
  if (v >= 1e8) return `${formatNumber(v / 1e8)}億`;
  if (v >= 1e4) return `${formatNumber(v / 1e4)}萬`;
  return formatNumber(v);
}

const ZH_DIGITS = '零一二三四五六七八九';

/** 0-9999 (with decimals) in Chinese numerals: 5 → 五, 12 → 十二, 25.5 → 二十五點五. */
export function toZhNumeral(v: number): string | undefined {
  if (v < 0 || v >= 10000) return undefined;
  const [int, frac] = String(tidy(v)).split('.');
  const n = Number(int);
  let out = '';
  const units = ['千', '百', '十', ''];
  const digits = String(n).padStart(4, '0').split('').map(Number);
  let zero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (out) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (i === 2 && d === 1 && !out ? '' : ZH_DIGITS[d]) + units[i];
  });
  if (!out) out = '零';
  return frac ? `${out}點${frac.split('').map((d) => ZH_DIGITS[Number(d)]).join('')}` : out;
}
