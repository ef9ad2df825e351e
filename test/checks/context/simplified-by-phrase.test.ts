/**
 * Simplified -> HK Traditional by phrase (issue 12): a character with several Traditional forms takes the one its
 * phrase has in OpenCC's phrase data; with no phrase to decide, every form is offered and none is applied. 雇 is a
 * standard Traditional character. The Government's forms 證, 身份證, 污, 只 are hk-forms findings.
 */
import { createChecker } from '../../../src/core/checks';
import { applyFixes } from '../../../src/core/checks/fix';
import { fromPlainText } from '../../../src/core/text/document';

const characters = createChecker({ ruleSets: ['hk-zh-characters'] });
const find = (text: string) => characters.check(fromPlainText(text), { lang: 'zh-HK' });
const fixesOf = (text: string, found: string) => find(text).find((f) => f.text === found)?.fixes.map((x) => x.replacement);
const fixed = (text: string) => {
  const doc = fromPlainText(text);
  return applyFixes(doc, characters.check(doc, { lang: 'zh-HK' })).blocks.get('b0') ?? text;
};

describe('one-to-many Simplified characters, by phrase', () => {
  it.each([
    ['头发', '发', '髮'],
    ['复印', '复', '複'],
    ['回复', '复', '覆'],
    ['恢复', '复', '復'],
    ['发现', '发', '發'],
  ])('%s: %s -> %s', (text, ch, form) => {
    expect(fixesOf(text, ch)).toEqual([form]);
  });
  it('头发 becomes 頭髮 and 复印 becomes 複印 with Fix all', () => {
    expect(fixed('请把头发剪短后复印文件')).toContain('頭髮');
    expect(fixed('请把头发剪短后复印文件')).toContain('複印');
  });
  it('a character no phrase covers offers every form and is not applied', () => {
    expect(fixesOf('发', '发')).toEqual(['發', '髮']);
    expect(fixed('发')).toBe('发');
  });
});

describe('HK Government forms', () => {
  it('雇 is standard Traditional: not flagged as Simplified', () => {
    expect(find('雇').filter((f) => f.ruleId === 'hk-zh-characters/simplified')).toEqual([]);
    // The Government writes 僱 in 僱員, 僱主 (a warning by word, not a Simplified error).
    expect(find('雇主').map((f) => [f.ruleId, f.level])).toEqual([['hk-zh-characters/hk-forms', 'warning']]);
  });
  it.each([
    ['出示身分證', '身分證', '身份證'],
    ['証明文件', '証', '證'],
    ['汙水處理', '汙', '污'],
    ['祇限職員', '祇', '只'],
    ['衹限職員', '衹', '只'],
  ])('%s: %s -> %s', (text, found, form) => {
    expect(fixesOf(text, found)).toEqual([form]);
  });
  it('神祇 keeps 祇', () => {
    expect(find('廟宇供奉的神祇')).toEqual([]);
  });
});
