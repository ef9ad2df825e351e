import { fromMarkdown } from '../../src/core/text/document';
import { glossaryDeviations, glossaryPairsFor, GOV_NAMES, nameIndex, translateGlossaryOnly } from '../../src/core/transform';
import { loadPacksFromDir } from '../../src/node/pack-source';

const packs = loadPacksFromDir();
const fehd = packs.departments.find((d) => d.id === 'fehd')!.glossary;
const td = packs.departments.find((d) => d.id === 'td')!.glossary;

describe('the built-in names', () => {
  it('has the 15 policy bureaux, each with its Secretary', () => {
    const bureaux = GOV_NAMES.filter((n) => n.kind === 'bureau');
    expect(bureaux).toHaveLength(15);
    expect(GOV_NAMES.filter((n) => n.kind === 'secretary')).toHaveLength(15);
    for (const b of bureaux) expect(b['zh-HK']).toMatch(/局$/);
  });

  it('knows the outdated names that hk-gov-names lists, as deprecated forms of their single successor', () => {
    const hits = nameIndex().find('Home Affairs Bureau 民政事務局 Environment Bureau 政府資訊科技總監辦公室');
    expect(hits.map((h) => [h.text, h.form.type, h.entry.en])).toEqual([
      ['Home Affairs Bureau', 'deprecated', 'Home and Youth Affairs Bureau'],
      ['民政事務局', 'deprecated', 'Home and Youth Affairs Bureau'],
      ['Environment Bureau', 'deprecated', 'Environment and Ecology Bureau'],
      ['政府資訊科技總監辦公室', 'deprecated', 'Digital Policy Office'],
    ]);
  });

  it('finds names longest first, so a name inside a longer one is not taken', () => {
    const hits = nameIndex(fehd).find('食物環境衞生署署長與衞生署及食物環境衞生署開會。');
    expect(hits.map((h) => h.text)).toEqual(['食物環境衞生署署長', '衞生署', '食物環境衞生署']);
  });
});

describe('translateGlossaryOnly', () => {
  it('translates only the official names, longest first, and says the result is partial', () => {
    const r = translateGlossaryOnly('食物環境衞生署署長已要求食環署轄下的分區環境衞生辦事處加強巡查公眾街市。', 'zh-HK', 'en', fehd);
    expect(r.text).toBe('Director of Food and Environmental Hygiene已要求FEHD轄下的District Environmental Hygiene Office加強巡查public market。');
    expect(r.partial).toBe(true);
    expect(r.action).toBe('translate');
    expect(r.notes.map((n) => n.en)).toContain('Only official names were translated; the rest needs a model or a translator.');
    expect(r.notes[0].en).toMatch(/Translated 4 official names/);
  });

  it('translates English into Chinese, with the built-in bureaux, and outdated names as their successors', () => {
    const r = translateGlossaryOnly('The Transport Department and the Transport and Housing Bureau will brief the Legislative Council.', 'en', 'zh-HK', td);
    expect(r.text).toBe('The 運輸署 and the 運輸及物流局 will brief the 立法會.');
    expect(r.notes.map((n) => n.en).join(' ')).toMatch(/outdated or deprecated forms.*Transport and Housing Bureau → Transport and Logistics Bureau/);
  });

  it('is never a silent no-op', () => {
    const r = translateGlossaryOnly('Thank you for your letter.', 'en', 'zh-HK', fehd);
    expect(r.text).toBe('Thank you for your letter.');
    expect(r.changes).toBe(0);
    expect(r.notes[0].en).toMatch(/nothing was translated/);
    expect(r.partial).toBe(true);
  });
});

describe('glossaryPairsFor', () => {
  it('gives the pairs whose either side, short form or deprecated form occurs in the text, in order', () => {
    const pairs = glossaryPairsFor('食環署會與Food and Health Bureau及運輸署跟進熟食中心的衞生問題。', fehd);
    expect(pairs.map((p) => [p.en, p['zh-HK'], p.source])).toEqual([
      ['Food and Environmental Hygiene Department', '食物環境衞生署', 'department'],
      ['Environment and Ecology Bureau', '環境及生態局', 'department'],
      ['Transport Department', '運輸署', 'hk-gov-names'],
      ['cooked food centre', '熟食中心', 'department'],
    ]);
    expect(pairs[1].deprecated?.en).toContain('Food and Health Bureau');
  });

  it('gives nothing for a text without names', () => {
    expect(glossaryPairsFor('多謝你的來信。', fehd)).toEqual([]);
  });
});

describe('glossaryDeviations', () => {
  const source = '食物環境衞生署已聯同環境及生態局及漁農自然護理署，在熟食中心加強清潔。';

  it('finds nothing when every name is rendered as the glossary says', () => {
    const out = 'The Food and Environmental Hygiene Department, together with the Environment and Ecology Bureau and the Agriculture, Fisheries and Conservation Department, has stepped up cleansing at cooked food centres.';
    expect(glossaryDeviations(source, out, fehd, { from: 'zh-HK', to: 'en' })).toEqual([]);
  });

  it('reports a wrong body, a near miss, a deprecated form and a missing name, with fixes where unambiguous', () => {
    const out = [
      'The Food and Environment Hygiene Department, together with the Health Bureau and the Agriculture, Fisheries and Conservation Department,',
      'has stepped up cleansing at food centres under the Food and Health Bureau.',
    ].join('\n');
    const doc = fromMarkdown(out);
    const findings = glossaryDeviations(source, out, fehd, { from: 'zh-HK', to: 'en' });
    expect(findings.map((f) => [f.ruleId, f.level, f.block, f.text, f.fixes.map((x) => x.replacement)])).toEqual([
      ['bilingual/glossary', 'error', 'b0', 'Food and Environment Hygiene Department', ['Food and Environmental Hygiene Department']],
      ['bilingual/glossary', 'error', 'b0', 'Health Bureau', ['Environment and Ecology Bureau']],
      ['bilingual/glossary', 'error', 'b1', 'food centres', ['cooked food centre']],
      ['bilingual/glossary', 'error', 'b1', 'Food and Health Bureau', ['Environment and Ecology Bureau']],
    ]);
    for (const f of findings) expect(doc.blocks.find((b) => b.id === f.block)!.text.slice(f.start, f.end)).toBe(f.text);
    expect(findings[2].message.en).toBe('The official English for the source\'s "熟食中心" is "cooked food centre", not "food centres".');
    // A name the output leaves out altogether is reported on the paragraph where it should be.
    const missing = glossaryDeviations(source, 'The Department has stepped up cleansing.', fehd, { from: 'zh-HK', to: 'en' });
    expect(missing.map((f) => [f.start, f.end, f.fixes.length])).toEqual([
      [0, 40, 0],
      [0, 40, 0],
      [0, 40, 0],
      [0, 40, 0],
    ]);
    expect(missing.map((f) => f.message.en)).toContain('The source names "熟食中心", but the result does not have its official English name "cooked food centre".');
  });

  it('checks a Chinese output of an English source', () => {
    const findings = glossaryDeviations('The Transport Department issues driving licences.', '運輸處負責簽發駕駛執照。', td, { from: 'en', to: 'zh-HK' });
    expect(findings.map((f) => [f.text, f.fixes[0]?.replacement])).toEqual([['運輸處', '運輸署']]);
  });
});
