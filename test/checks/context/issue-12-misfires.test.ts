/**
 * The misfires named in issue 12, on the built-in rule sets: good formal Chinese that the checker used to flag,
 * and Cantonese that it must still flag. Each case is named after the text.
 */
import { createChecker } from '../../../src/core/checks';
import { fromPlainText } from '../../../src/core/text/document';

const formal = createChecker({ ruleSets: ['hk-zh-formal'] });
const find = (text: string, documentKind?: string) => formal.check(fromPlainText(text), { lang: 'zh-HK', documentKind });

describe('good formal Chinese is not flagged (issue 12)', () => {
  it.each([
    ['有關土地不得閒置', '得閒'],
    ['然而家傭的權益亦受保障', '而家'],
    ['然而家暴個案持續上升', '而家'],
    ['委員會聆聽日本專家的意見', '聽日'],
    ['勞工處會發放工傷補償', '放工'],
    ['喇沙書院的學生', '喇'],
    ['卡啦OK場所須領有牌照', '啦'],
  ])('%s (no %s)', (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('Cantonese is still flagged', () => {
  it.each([
    ['我而家好忙', '而家'],
    ['你聽日得唔得閒', '聽日'],
    ['我六點放工', '放工'],
    ['佢哋走咗喇！', '喇'],
  ])('%s (%s)', (text, word) => {
    expect(find(text).map((f) => f.text)).toContain(word);
  });
});

describe('particles standard written Chinese also writes (呀, 啦, 嘛, 喇)', () => {
  it('are a warning in dialogue written in standard Chinese', () => {
    expect(find('你快點回來呀！').map((f) => [f.text, f.level])).toEqual([['呀', 'warning']]);
  });
  it('are an error in a sentence that is otherwise Cantonese', () => {
    expect(find('你哋快啲返嚟呀！').find((f) => f.text === '呀')?.level).toBe('error');
  });
  it('are an error in a formal document, but quoted speech stays a warning', () => {
    expect(find('本署會盡快處理啦。', 'letter').map((f) => f.level)).toEqual(['error']);
    expect(find('投訴人表示：「你哋快啲處理啦！」', 'letter').every((f) => f.level === 'warning')).toBe(true);
  });
});
