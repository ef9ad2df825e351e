import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { alignBilingual, checkBilingual, extractFacts, parseEnWords, parseZhNumber, splitBilingual, bilingualRuleSet, BILINGUAL_RULES } from '../../src/core/bilingual';
import { fromParagraphs, fromPlainText } from '../../src/core/text/document';
import { loadPacksFromDir } from '../../src/node/pack-source';

interface Pair {
  id: string;
  zh: string;
  en: string;
  glossary?: string;
  expect: Array<{ rule: string; document: 'zh-HK' | 'en'; text: string }>;
}
const fixtures = parse(readFileSync(join(__dirname, '../fixtures/bilingual/pairs.yaml'), 'utf8')) as { seeded: Pair[]; clean: Pair[] };
const fehd = loadPacksFromDir().departments.find((d) => d.id === 'fehd')!;

const keys = (text: string) => extractFacts(text).facts.map((f) => f.key);

describe('numbers', () => {
  it.each([
    ['五', 5],
    ['十', 10],
    ['十五', 15],
    ['二十八', 28],
    ['一百零五', 105],
    ['兩千三百', 2300],
    ['一百五十萬', 1_500_000],
    ['150萬', 1_500_000],
    ['1.5萬', 15_000],
    ['1億5,000萬', 150_000_000],
    ['十五億', 1_500_000_000],
    ['4.2億', 420_000_000],
    ['三點五', 3.5],
    ['四點二', 4.2],
    ['二〇二六', 2026],
    ['廿五', 25],
    ['兩', 2],
    ['萬', 10_000],
    ['3萬億', 3e12],
  ])('%s = %d', (text, value) => expect(parseZhNumber(text)).toBe(value));

  it('rejects what is not a number', () => {
    expect(parseZhNumber('點')).toBeUndefined();
    expect(parseZhNumber('abc')).toBeUndefined();
  });

  it.each([
    ['twenty-five', 25, false],
    ['two hundred and fifty', 250, false],
    ['three thousand', 3000, false],
    ['third', 3, true],
    ['twenty-first', 21, true],
  ])('%s = %d', (text, value, ordinal) => expect(parseEnWords(text)).toEqual({ value, ordinal }));
});

describe('facts: the same value in either language has the same key', () => {
  it.each([
    ['$1.5 million', '150萬元', 'amount:HKD:1500000'],
    ['HK$1,500,000', '港幣150萬元', 'amount:HKD:1500000'],
    ['HK$150 million', '1億5,000萬元', 'amount:HKD:150000000'],
    ['US$2 billion', '20億美元', 'amount:USD:2000000000'],
    ['5%', '百分之五', 'percentage:5'],
    ['5 per cent', '5%', 'percentage:5'],
    ['12.5 per cent', '百分之十二點五', 'percentage:12.5'],
    ['70 per cent', '七成', 'percentage:70'],
    ['0.3 percentage points', '0.3個百分點', 'points:0.3'],
    ['28 November 2026', '2026年11月28日', 'date:2026-11-28'],
    ['November 28, 2026', '二〇二六年十一月二十八日', 'date:2026-11-28'],
    ['28/11/2026', '2026年11月28日', 'date:2026-11-28'],
    ['3:00 pm', '下午3時', 'time:15:00'],
    ['3 pm', '下午三時', 'time:15:00'],
    ['10:30 am', '上午10時30分', 'time:10:30'],
    ['10.30 am', '上午十時半', 'time:10:30'],
    ['12 noon', '中午12時', 'time:12:00'],
    ['7:45 pm', '晚上7時45分', 'time:19:45'],
    ['Cap. 132', '第132章', 'reference:cap:132'],
    ['FEHD HQ/1234/56', 'FEHD HQ/1234/56', 'reference:FEHDHQ/1234/56'],
    ['2868 0000', '2868 0000', 'reference:tel:28680000'],
    ['three', '三間', 'number:3'],
    ['the 21st', '第二十一', 'number:21'],
    ['two and a half hours', '兩個半小時', 'number:2.5'],
    ['2.5 hours', '兩個半小時', 'number:2.5'],
  ])('%s ↔ %s', (en, zh, key) => {
    expect(keys(en)).toContain(key);
    expect(keys(zh)).toContain(key);
  });

  it('reads ranges as two dates', () => {
    expect(keys('2026年12月10日及11日')).toEqual(['date:2026-12-10', 'date:2026-12-11']);
    expect(keys('10 and 11 December 2026')).toEqual(['date:2026-12-10', 'date:2026-12-11']);
  });

  it('reads ranges of percentages as two percentages, each at its own text', () => {
    const spans = (text: string) => extractFacts(text).facts.map((f) => [f.key, f.text]);
    expect(spans('成本高約百分之二十至四十。')).toEqual([
      ['percentage:20', '百分之二十'],
      ['percentage:40', '四十'],
    ]);
    expect(spans('higher by about 20 to 40 per cent')).toEqual([
      ['percentage:20', '20'],
      ['percentage:40', '40 per cent'],
    ]);
    expect(spans('百分之二十至百分之四十')).toEqual([
      ['percentage:20', '百分之二十'],
      ['percentage:40', '百分之四十'],
    ]);
    expect(spans('from 20% to 40%')).toEqual([
      ['percentage:20', '20%'],
      ['percentage:40', '40%'],
    ]);
  });

  it('reads thousands separated by spaces, and Phase II', () => {
    expect(keys('over 20 000 inspections and 1 200 prosecutions')).toEqual(['number:20000', 'number:1200']);
    expect(keys('Phase II of the campaign')).toEqual(['number:2']);
    expect(keys('2/F, Block A')).toEqual([]);
  });

  it('does not take words for numbers', () => {
    expect(keys('一般而言，統一安排。萬一下雨，千萬不要外出。')).toEqual([]);
    expect(keys('We often meet; it is one of the items.')).toEqual([]);
    expect(keys('and/or km/h')).toEqual([]);
  });

  it('keeps the paragraph number as an anchor, not a fact', () => {
    expect(extractFacts('3. We received 12 complaints.').enumerator).toBe(3);
    expect(extractFacts('（三）本署收到12宗投訴。').enumerator).toBe(3);
    expect(keys('3. We received 12 complaints.')).toEqual(['number:12']);
  });
});

function joined(pairs: readonly Pair[]) {
  return { zh: pairs.map((p) => p.zh).join('\n'), en: pairs.map((p) => p.en).join('\n') };
}

describe('checkBilingual on whole documents', () => {
  it('aligns a long paper paragraph by paragraph and finds the seeded mismatches in it, and nothing in its clean paragraphs', () => {
    // Clean and seeded paragraphs interleaved, in one paper of more than 40 paragraphs a side.
    const pairs: Pair[] = [];
    const seeded = fixtures.seeded.filter((p) => p.id !== 'extra-paragraph');
    fixtures.clean.forEach((c, i) => {
      pairs.push(c);
      if (seeded[i]) pairs.push(seeded[i]);
    });
    pairs.push(...seeded.slice(fixtures.clean.length));
    const { zh, en } = joined(pairs);
    const findings = checkBilingual(fromPlainText(zh), fromPlainText(en), { glossary: fehd.glossary });
    const got = findings.map((f) => `${f.ruleId} ${f.document} ${f.text}`).sort();
    const want = pairs.flatMap((p) => p.expect.map((e) => `${e.rule} ${e.document} ${e.text}`)).sort();
    expect(got).toEqual(want);
  });

  it('reports an extra paragraph in the version that has it, and still compares the rest', () => {
    const zh = ['本署已收悉閣下於2026年10月15日的來信。', '本署人員已於2026年10月20日到場視察。', '如有查詢，請致電2868 0000。'].join('\n');
    const en = ['We refer to your letter of 15 October 2026.', 'Our staff inspected the site on 21 October 2026.', 'We have also referred the case to the Lands Department for follow-up.', 'For enquiries, please call 2868 0000.'].join('\n');
    const findings = checkBilingual(fromPlainText(zh), fromPlainText(en));
    expect(findings.map((f) => [f.ruleId, f.document, f.text])).toEqual([
      ['bilingual/date', 'zh-HK', '2026年10月20日'],
      ['bilingual/date', 'en', '21 October 2026'],
      ['bilingual/paragraph', 'en', 'We have also referred the case to the Lands Department for follow-up.'],
    ]);
    const aligned = alignBilingual(fromPlainText(zh), fromPlainText(en));
    expect(aligned).toEqual([
      { zh: ['b0'], en: ['b0'] },
      { zh: ['b1'], en: ['b1'] },
      { zh: [], en: ['b2'] },
      { zh: ['b2'], en: ['b3'] },
    ]);
  });

  it('with a reference version, reports a difference only in the other version, with the fix from the reference', () => {
    const zh = fromPlainText('會議將於2026年11月28日下午3時舉行。');
    const en = fromPlainText('The meeting will be held at 4:00 pm on 29 November 2026.');
    const findings = checkBilingual(zh, en, { reference: 'zh-HK' });
    expect(findings.map((f) => [f.ruleId, f.document, f.text, f.fixes[0]?.replacement])).toEqual([
      ['bilingual/time', 'en', '4:00 pm', '3:00 pm'],
      ['bilingual/date', 'en', '29 November 2026', '28 November 2026'],
    ]);
    const back = checkBilingual(zh, en, { reference: 'en' });
    expect(back.map((f) => [f.document, f.text, f.fixes[0]?.replacement])).toEqual([
      ['zh-HK', '2026年11月28日', '2026年11月29日'],
      ['zh-HK', '下午3時', '下午4時'],
    ]);
  });

  it('writes a fix in the style of the text it replaces', () => {
    const fix = (zh: string, en: string, reference: 'zh-HK' | 'en') =>
      checkBilingual(fromPlainText(zh), fromPlainText(en), { reference }).map((f) => [f.text, f.fixes[0]?.replacement]);
    expect(fix('資助上限為百分之八十。', 'The subsidy is capped at 70 per cent.', 'en')).toEqual([['百分之八十', '百分之七十']]);
    expect(fix('資助上限為百分之八十。', 'The subsidy is capped at 70 per cent.', 'zh-HK')).toEqual([['70 per cent', '80 per cent']]);
    expect(fix('撥款150萬元。', 'Funding of $1.6 million.', 'zh-HK')).toEqual([['$1.6 million', '$1.5 million']]);
    expect(fix('撥款150萬元。', 'Funding of $1.6 million.', 'en')).toEqual([['150萬元', '160萬元']]);
    expect(fix('根據第132章。', 'Under Cap. 123.', 'zh-HK')).toEqual([['Cap. 123', 'Cap. 132']]);
    expect(fix('檔號：TD 12/34/56。', 'Ref: TD 12/34/65.', 'zh-HK')).toEqual([['TD 12/34/65', 'TD 12/34/56']]);
  });

  it('offers the counterpart name as the fix for a wrong name', () => {
    const findings = checkBilingual(fromPlainText('申請須交環保署審批。'), fromPlainText('Applications go to the DSD for approval.'));
    expect(findings.map((f) => [f.document, f.text, f.fixes[0]?.replacement])).toEqual([
      ['zh-HK', '環保署', '渠務署'],
      ['en', 'DSD', 'EPD'],
    ]);
  });

  it('points into the original document when given the two halves of a bilingual one', () => {
    const doc = fromParagraphs([
      { kind: 'heading', text: '街市衞生' },
      { kind: 'heading', text: 'Market Hygiene' },
      { kind: 'paragraph', text: '本署已於2026年10月18日上午10時派員巡查。' },
      { kind: 'paragraph', text: 'Our staff inspected the market at 11:00 am on 18 October 2026.' },
      { kind: 'paragraph', text: '2.' },
      { kind: 'paragraph', text: '本署會繼續監察。' },
      { kind: 'paragraph', text: 'We will continue to monitor the situation.' },
    ]);
    const halves = splitBilingual(doc);
    expect(halves.zh.blocks.map((b) => b.id)).toEqual(['b0', 'b2', 'b4', 'b5']);
    expect(halves.en.blocks.map((b) => b.id)).toEqual(['b1', 'b3', 'b6']);
    const findings = checkBilingual(halves.zh, halves.en);
    expect(findings.map((f) => [f.ruleId, f.document, f.block, doc.blocks.find((b) => b.id === f.block)!.text.slice(f.start, f.end)])).toEqual([
      ['bilingual/time', 'zh-HK', 'b2', '上午10時'],
      ['bilingual/time', 'en', 'b3', '11:00 am'],
    ]);
  });

  it('describes every rule it reports, for SARIF', () => {
    const set = bilingualRuleSet();
    expect(set.id).toBe('bilingual');
    expect(Object.keys(set.rules).sort()).toEqual(BILINGUAL_RULES.map((r) => r.id).sort());
  });
});
