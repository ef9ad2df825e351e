/** The analyser (jieba words + bigrams, Porter2 stems, normalisation) and glossary expansion. */
import { analyze, Glossary, GENERAL_TERMS, queryTerms } from '../../src/gateway/knowledge';
import { mappedCharacters, toSimplified } from '../../src/gateway/knowledge/normalize';

describe('normalisation', () => {
  it('maps Traditional to Simplified one character at a time, HK variants included', () => {
    expect(mappedCharacters()).toBeGreaterThan(800);
    for (const [t, s] of [
      ['駕駛執照續期', '驾驶执照续期'],
      ['食物環境衞生署', '食物环境卫生署'],
      ['食物環境衛生署', '食物环境卫生署'],
      ['裏面', '里面'],
    ]) {
      expect(toSimplified(t)).toBe(s);
      expect(toSimplified(t)).toHaveLength(t.length);
    }
  });
});

describe('analyze', () => {
  it('segments Traditional Chinese into words (through Simplified) and adds every bigram', () => {
    const { words, grams } = analyze('申請駕駛執照續期');
    expect(words).toEqual(expect.arrayContaining(['申请', '驾驶', '执照', '驾驶执照', '续期']));
    expect(grams).toEqual(['申请', '请驾', '驾驶', '驶执', '执照', '照续', '续期']);
  });

  it('gives Traditional, Simplified and HK variant forms the same terms', () => {
    expect(analyze('衞生督察巡查').words).toEqual(analyze('衛生督察巡查').words);
    expect(queryTerms('食物環境衞生署')).toEqual(queryTerms('食物环境卫生署'));
  });

  it('stems English, drops stop words, folds American spellings and full-width forms', () => {
    expect(analyze('The licences were renewed').words).toEqual(['licenc', 'renew']);
    expect(analyze('driver license').words).toEqual(analyze("driver's licence").words);
    expect(analyze('ＣＡＰ　１３２Ｘ').words).toEqual(['cap', '132x']);
    expect(analyze('Public Toilets').words).toEqual(['public', 'toilet']);
  });

  it('keeps Chinese function words out and never emits a term with a space', () => {
    const { words, grams } = analyze('請問我們可以如何申請？ How can we apply for it?');
    expect(words).not.toContain('我们');
    expect(words).not.toContain('如何');
    for (const t of [...words, ...grams]) expect(t).toMatch(/^[a-z0-9\u3400-\u9fff]+$/u);
  });
});

describe('glossary expansion', () => {
  const glossary = new Glossary([
    { en: 'driving licence', 'zh-HK': '駕駛執照', deprecated: { en: ["driver's license"] } },
    { en: 'Road Traffic Ordinance (Cap. 374)', 'zh-HK': '《道路交通條例》（第374章）' },
    { en: 'HKeToll', 'zh-HK': '易通行', deprecated: { en: ['Autotoll'], 'zh-HK': ['快易通'] } },
    ...GENERAL_TERMS,
  ]);

  it('adds the Chinese side for an English query and the English side for a Chinese one', () => {
    expect(glossary.expand('How do I renew my driving licences?')).toContain('駕駛執照');
    expect(glossary.expand('駕驶执照續期')).toContain('driving licence');
  });

  it('matches deprecated forms and ignores bracketed parts and book-title marks', () => {
    expect(glossary.expand("my driver's license")).toEqual(expect.arrayContaining(['driving licence', '駕駛執照']));
    expect(glossary.expand('Autotoll tag')).toEqual(expect.arrayContaining(['HKeToll', '易通行']));
    expect(glossary.expand('根據道路交通條例')).toContain('Road Traffic Ordinance (Cap. 374)');
    expect(glossary.expand('the Road Traffic Ordinance')).toContain('《道路交通條例》（第374章）');
  });

  it('adds nothing for a query that mentions no term', () => {
    expect(glossary.expand('weather today')).toEqual([]);
  });
});
