/**
 * Numbers as written in Hong Kong Government Chinese and English: Arabic digits (with thousands separators and
 * decimals), Chinese numerals (一至十、百、千、萬、億, 兩, 廿, 〇 and the financial forms 壹貳參), mixtures such as
 * 1億5,000萬 or 三點五, English number words (twenty-five, two hundred) and ordinals (third, 21st).
 */

const ZH_DIGIT: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 壹: 1, 二: 2, 貳: 2, 兩: 2, 两: 2, 三: 3, 參: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陸: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const ZH_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const ZH_BIG: Record<string, number> = { 萬: 1e4, 万: 1e4, 億: 1e8, 亿: 1e8 };

/** Characters of a Chinese (or mixed) numeral, for regular expressions. */
export const ZH_NUMERAL_CHARS = '〇零一壹二貳兩两三參叁四肆五伍六陸七柒八捌九玖十拾廿百佰千仟萬万億亿';
/** A number in Chinese text: Arabic, Chinese or mixed (1億5,000萬, 三點五, 二〇二六). */
const ARABIC = '(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?';
export const ZH_NUMBER = `(?:${ARABIC}|[${ZH_NUMERAL_CHARS}])(?:${ARABIC}|[${ZH_NUMERAL_CHARS}]|點[${ZH_NUMERAL_CHARS}0-9])*`;

/** Rounds away floating-point noise (1.5 × 10000). */
export function tidy(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Parses an Arabic number with optional thousands separators: "1,500,000", "1.5", "2026". */
export function parseArabic(s: string): number | undefined {
  const clean = s.replace(/,/g, '');
  if (!/^\d+(?:\.\d+)?$/.test(clean)) return undefined;
  return Number(clean);
}

/**
 * Parses a Chinese or mixed numeral: 二十八, 一百五十萬, 1億5,000萬, 三點五, 二〇二六, 兩千三百, 1.5億, 十.
 * Returns undefined when the text is not a number.
 */
export function parseZhNumber(text: string): number | undefined {
  const s = text.replace(/,/g, '');
  if (!s) return undefined;
  let total = 0; // 億 and above
  let wan = 0; // 萬 .. 億
  let section = 0; // below 萬
  let num: number | undefined; // the digit(s) not yet given a unit
  let lastWasDigit = false;
  let fraction: string | undefined;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      const m = /^\d+(?:\.\d+)?/.exec(s.slice(i))!;
      num = Number(m[0]);
      i += m[0].length - 1;
      lastWasDigit = false;
      fraction = undefined;
      any = true;
      continue;
    }
    if (c in ZH_DIGIT) {
      const d = ZH_DIGIT[c];
      if (fraction !== undefined) {
        fraction += String(d);
        num = Number(`${Math.trunc(num ?? 0)}.${fraction}`);
      } else if (lastWasDigit && num !== undefined) num = num * 10 + d; // 二〇二六
      else num = d;
      lastWasDigit = true;
      any = true;
      continue;
    }
    lastWasDigit = false;
    if (c === '點') {
      if (num === undefined) return undefined;
      fraction = '';
      continue;
    }
    fraction = undefined;
    if (c === '廿') {
      section += 20;
      any = true;
      continue;
    }
    if (c in ZH_UNIT) {
      section += (num ?? 1) * ZH_UNIT[c];
      num = undefined;
      any = true;
      continue;
    }
    if (c in ZH_BIG) {
      const part = section + (num ?? 0);
      if (ZH_BIG[c] === 1e4) wan += (part || 1) * 1e4;
      else {
        total = (total + wan + part || 1) * 1e8;
        wan = 0;
      }
      section = 0;
      num = undefined;
      any = true;
      continue;
    }
    return undefined;
  }
  if (!any) return undefined;
  return tidy(total + wan + section + (num ?? 0));
}

const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const EN_ORDINAL: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50,
};
const EN_SCALE: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };

const SMALL = Object.keys(EN_SMALL).join('|');
const ORD = Object.keys(EN_ORDINAL).join('|');
/** English number words: "twenty-five", "two hundred and fifty", "three thousand", "twenty-first". */
export const EN_NUMBER_WORDS = `\\b(?:${SMALL})(?:[- ](?:${SMALL}|${ORD}))?(?:\\s+(?:hundred|thousand|million|billion)(?:\\s+(?:and\\s+)?(?:${SMALL})(?:[- ](?:${SMALL}))?)?)*\\b|\\b(?:${ORD})\\b`;

/** Parses English number words (cardinal or ordinal); undefined when they are not a number. */
export function parseEnWords(text: string): { value: number; ordinal: boolean } | undefined {
  const words = text.toLowerCase().split(/[\s-]+/).filter((w) => w && w !== 'and');
  if (!words.length) return undefined;
  let total = 0;
  let current = 0;
  let ordinal = false;
  for (const w of words) {
    if (w in EN_SMALL) current += EN_SMALL[w];
    else if (w in EN_ORDINAL) {
      current += EN_ORDINAL[w];
      ordinal = true;
    } else if (w === 'hundred') current = (current || 1) * 100;
    else if (w in EN_SCALE) {
      total += (current || 1) * EN_SCALE[w];
      current = 0;
    } else return undefined;
  }
  return { value: total + current, ordinal };
}

/** A multiplier word after a number: "1.5 million", "$2bn", "HK$300m". */
export function scaleOf(word: string | undefined): number {
  switch ((word ?? '').toLowerCase()) {
    case 'thousand':
    case 'k':
      return 1e3;
    case 'million':
    case 'm':
    case 'mn':
      return 1e6;
    case 'billion':
    case 'bn':
      return 1e9;
    default:
      return 1;
  }
}

/** "1,500,000" / "1.5" / "12" with at most the decimals needed. */
export function formatNumber(n: number): string {
  const [int, frac] = String(tidy(n)).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}
