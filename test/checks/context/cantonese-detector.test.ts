/**
 * The Cantonese detector (cantonesedetect-style): Cantonese-only characters, words and constructions against
 * written-Chinese features, whole words only; each sentence judged cantonese / swc / mixed / neutral.
 */
import { cantoneseFeatures, judge } from '../../../src/core/checks/context/cantonese';

describe('Cantonese detector', () => {
  it.each([
    ['佢哋喺度食緊飯', 'cantonese'],
    ['他們正在吃飯', 'swc'],
    ['佢今日沒有來', 'mixed'],
    ['天氣晴朗', 'neutral'],
  ])('%s is %s', (text, register) => {
    expect(judge(text).register).toBe(register);
  });
  it('names the constructions formalise leaves: 同 + pronoun, pronoun + 話, 傾過, 日日', () => {
    expect(cantoneseFeatures('我同他傾過，他話日日都要做。').map((f) => f.text)).toEqual(['同他', '傾過', '他話', '日日']);
  });
  it.each(['有關土地不得閒置', '然而家傭的權益', '我們的關係良好', '喇嘛廟', '他傾向支持', '電話號碼', '認同他的看法', '同時進行'])(
    'finds nothing Cantonese in the written %s',
    (text) => {
      expect(cantoneseFeatures(text)).toEqual([]);
    },
  );
});
