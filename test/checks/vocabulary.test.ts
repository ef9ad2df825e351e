/**
 * hk-zh-vocabulary (issue 12): every Mainland term, in Traditional and Simplified spelling, is found in a sentence
 * with the Hong Kong Government's term as its fix, and the sentence with that term passes. Terms that are also good
 * Hong Kong Chinese are found only in their context (質量 of a service, not mass; 支持 services, not support for a
 * policy; 單位 as one's organisation, not a flat).
 */
import { createChecker, builtinRuleSets } from '../../src/core/checks';
import { simplifiedSpelling } from '../../src/core/checks/context/simplified-spellings';
import { fromPlainText } from '../../src/core/text/document';

const vocabulary = createChecker({ ruleSets: ['hk-zh-vocabulary'] });
const find = (text: string) => vocabulary.check(fromPlainText(text), { lang: 'zh-HK' });
const rule = builtinRuleSets().get('hk-zh-vocabulary')!.rules['mainland-terms'];
if (rule.extends !== 'substitution') throw new Error('mainland-terms is a substitution rule');
const contextual = new Set(Object.keys(rule.contexts));
const first = (r: string | string[]) => (typeof r === 'string' ? r : r[0]);
const sentence = (term: string) => `有關${term}的安排，請參閱附件。`;

describe('hk-zh-vocabulary', () => {
  const entries = Object.entries(rule.swap);
  it('has at least 150 entries, none mapping a term to itself', () => {
    expect(entries.length).toBeGreaterThanOrEqual(150);
    for (const [term, hk] of entries) expect([term, (typeof hk === 'string' ? [hk] : hk).includes(term)]).toEqual([term, false]);
  });

  const plain = entries.filter(([term]) => !contextual.has(term));
  describe.each(plain.map(([term, hk]) => [term, hk] as const))('%s', (term, hk) => {
    it(`invalid: ${sentence(term)}`, () => {
      const found = find(sentence(term));
      expect(found.map((f) => [f.text, f.level])).toEqual([[term, 'warning']]);
      expect(found[0].fixes.map((f) => f.replacement)).toContain(first(hk));
    });
    it('invalid in Simplified spelling', () => {
      const cn = simplifiedSpelling(term);
      const found = find(sentence(cn));
      expect(found.map((f) => f.text)).toEqual([cn]);
      expect(found[0].fixes.map((f) => f.replacement)).toContain(first(hk));
    });
    it(`valid: ${sentence(first(hk))}`, () => {
      expect(find(sentence(first(hk)))).toEqual([]);
    });
  });

  const cases: Array<[string, string, string[]]> = [
    // [term, text, expected findings]
    ['信息', '請瀏覽網頁以取得最新信息。', ['信息']],
    ['信息', '學校開設信息科技科。', []],
    ['質量', '提升服務質量是首要目標。', ['質量']],
    ['質量', '質量保證機制已經設立。', ['質量保證']],
    ['質量', '介紹垃圾收集服務的質量。', ['質量']],
    ['質量', '物體的質量以公斤計算。', []],
    ['支持', '我們提供支持服務。', ['支持']],
    ['支持', '如需技術支持，請致電熱線。', ['技術支持']],
    ['支持', '委員會支持這項建議。', []],
    ['領導', '須向領導匯報。', ['領導']],
    ['領導', '他領導團隊完成工作。', []],
    ['單位', '本單位負責有關工作。', ['單位']],
    ['單位', '該住宅單位面積為五十平方米。', []],
    ['窗口', '請到服務窗口辦理。', ['窗口']],
    ['窗口', '請勿把身體伸出窗口。', []],
    ['菜單', '在下拉菜單中選擇語言。', ['菜單']],
    ['菜單', '餐廳的菜單列明價錢。', []],
    ['搜索', '在搜索引擎輸入關鍵字。', ['搜索引擎']],
    ['搜索', '政府飛行服務隊負責搜索及拯救。', []],
  ];
  it('every contextual term has a case', () => {
    for (const term of contextual) expect(cases.some(([t]) => t === term) ? term : `no case for ${term}`).toBe(term);
  });
  it.each(cases)('%s in context: %s', (_term, text, expected) => {
    expect(find(text).map((f) => f.text)).toEqual(expected);
  });
  it('a Simplified sentence keeps its context: 服务质量 is found, 物体的质量 is not', () => {
    expect(find('提升服务质量。').map((f) => f.text)).toEqual(['质量']);
    expect(find('物体的质量。')).toEqual([]);
  });
});
