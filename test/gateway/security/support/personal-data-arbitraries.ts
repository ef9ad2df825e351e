/**
 * fast-check arbitraries for the redaction property tests: personal data in many spellings (each seed knows
 * the exact text it put in the document), and documents that mix seeds with Chinese and English filler,
 * Markdown, newlines and line starts.
 */
import fc from 'fast-check';
import { hkidCheckDigit } from '../../../../src/core/personal-data';

export interface Seed {
  kind: 'hkid' | 'phone' | 'email' | 'passport';
  text: string;
}

const UPPER = 'ABCDEFGHJKLMNPRSTVWYZ';
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const hkid: fc.Arbitrary<Seed> = fc
  .tuple(fc.stringMatching(new RegExp(`^[${UPPER}]{1,2}$`)), digits(6), fc.integer({ min: 0, max: 7 }))
  .map(([letters, six, spelling]) => {
    const check = hkidCheckDigit(letters, six);
    const forms = [
      `${letters}${six}(${check})`,
      `${letters.toLowerCase()}${six}(${check.toLowerCase()})`,
      `${letters} ${six}(${check})`,
      `${letters}${six} (${check})`,
      fullWidth(`${letters}${six}(${check})`),
      `${letters}${six}（${check}）`,
      `${letters}${six}-${check}`,
      `${letters}${six}${check}`,
    ];
    return { kind: 'hkid' as const, text: forms[spelling] };
  });

const phone: fc.Arbitrary<Seed> = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 9 }), digits(6), fc.integer({ min: 0, max: 10 }))
  .filter(([lead, second]) => !(lead === 2 && second === 0))
  .map(([lead, second, six, spelling]) => {
    const n = `${lead}${second}${six}`;
    const [a, b] = [n.slice(0, 4), n.slice(4)];
    const forms = [n, `${a} ${b}`, `${a}-${b}`, `+852 ${a} ${b}`, `(852) ${a} ${b}`, `+852 (${a}) ${b}`, `852-${a}-${b}`, fullWidth(`${a} ${b}`), [...n].join(' '), `${fullWidth(a)}　${fullWidth(b)}`, `+852${n}`];
    return { kind: 'phone' as const, text: forms[spelling] };
  });

const email: fc.Arbitrary<Seed> = fc
  .tuple(fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,5})?$/), fc.stringMatching(/^[a-z]{2,8}$/), fc.constantFrom('com', 'hk', 'org', 'gov.hk', 'com.hk'), fc.integer({ min: 0, max: 5 }))
  .map(([local, domain, tld, spelling]) => {
    const forms = [`${local}@${domain}.${tld}`, `${local}@${domain}.${tld}`.toUpperCase(), `${local}＠${domain}.${tld}`, fullWidth(`${local}@${domain}.${tld}`), `陳大文@${domain}.香港`, `${local}@例子.香港`];
    return { kind: 'email' as const, text: forms[spelling] };
  });

const passport: fc.Arbitrary<Seed> = fc.tuple(fc.constantFrom('H', 'K', 'E'), digits(8)).map(([letter, eight]) => ({ kind: 'passport' as const, text: `${letter}${eight}` }));

export const seed: fc.Arbitrary<Seed> = fc.oneof(hkid, phone, email, passport);

const ZH = ['本署', '收到', '閣下的來信', '查詢', '街市', '事宜', '謹此回覆', '如有疑問', '請聯絡', '陳先生', '申請人', '感謝', '特此通知', '有關', '安排'];
const EN = ['Dear', 'Sir', 'we', 'refer', 'to', 'your', 'letter', 'regarding', 'the', 'market', 'please', 'contact', 'Mr', 'Chan', 'reply', 'Yours', 'faithfully', 'Ref.', '(12) in HAD/123/45', '2025', 'item', '$1,234'];
/** Between two items: spaces, punctuation, Markdown and line starts. */
const SEPARATORS = [' ', '\n', '\n\n', '，', '。', '：', '、', '（', '）', ' | ', '\n- ', '\n> ', '\n# ', '\n* ', '\n1. ', '**', '; ', ', ', '\t', '\r\n'];

type Item = { seed: Seed } | { filler: string; zh: boolean };
const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 2, arbitrary: seed.map((s) => ({ seed: s })) },
  { weight: 3, arbitrary: fc.constantFrom(...ZH).map((w) => ({ filler: w, zh: true })) },
  { weight: 3, arbitrary: fc.constantFrom(...EN).map((w) => ({ filler: w, zh: false })) },
);

export interface Document {
  text: string;
  seeds: Seed[];
}

/**
 * A document: items joined by separators. Next to Chinese filler the separator may be nothing (Chinese has no
 * spaces), except after a phone, whose digits must end somewhere ("9123 4567年" is a year's count, not a phone).
 */
export const document: fc.Arbitrary<Document> = fc
  .array(fc.tuple(item, fc.constantFrom(...SEPARATORS), fc.boolean()), { minLength: 1, maxLength: 24 })
  .map((parts) => {
    let text = '';
    const seeds: Seed[] = [];
    let previous: Item | undefined;
    for (const [it, sep, glue] of parts) {
      if (previous) {
        const chineseNeighbour = ('zh' in previous && previous.zh) || ('zh' in it && it.zh);
        const afterPhone = 'seed' in previous && previous.seed.kind === 'phone';
        text += chineseNeighbour && glue && !afterPhone ? '' : sep;
      }
      if ('seed' in it) seeds.push(it.seed);
      text += 'seed' in it ? it.seed.text : it.filler;
      previous = it;
    }
    return { text, seeds };
  })
  .filter((d) => d.seeds.length > 0);
