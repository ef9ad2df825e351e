// chrF as npm run eval:language computes it (scripts/lib/chrf.js): n = 1..4, β = 2, whitespace ignored.
// Every expected value below is worked out by hand in the comment beside it.
import { chrf, chrfStats, corpusChrf, meanChrf } from '../../scripts/lib/chrf';

describe('chrF (character n-gram F-score, n = 1..4, β = 2)', () => {
  it('is 100 for identical text and 0 for text with no character in common', () => {
    expect(chrf('abc', 'abc')).toBe(100); // orders 1..3 all P = R = 1; order 4 has no n-gram on either side
    expect(chrf('ab', 'cd')).toBe(0);
    expect(chrf('', 'abc')).toBe(0);
  });

  it('counts n-grams per order, ignoring whitespace', () => {
    expect(chrfStats('你好', '你們好')).toEqual([
      [2, 3, 2], // 你 好 | 你 們 好
      [1, 2, 0], // 你好 | 你們 們好
      [0, 1, 0],
      [0, 0, 0],
    ]);
    expect(chrf('a b c', 'abc')).toBe(100);
  });

  it('averages the F-β of the orders both sides have', () => {
    // n=1: P = 1, R = 2/3, F2 = 5·(2/3) / (4 + 2/3) = 5/7; n=2: no match, 0; n=3, 4: the hypothesis has none.
    expect(chrf('你好', '你們好')).toBeCloseTo((100 * (5 / 7)) / 2, 10);
  });

  it('clips repeated n-grams to their count in the reference', () => {
    // n=1: 4 hypothesis a's, 1 reference a: P = 1/4, R = 1, F2 = 1.25 / 2 = 0.625; n ≥ 2: the reference has none.
    expect(chrf('aaaa', 'a')).toBeCloseTo(62.5, 10);
  });

  it('weighs recall above precision (β = 2): leaving content out costs more than adding some', () => {
    expect(chrf('你', '你們好')).toBeCloseTo((100 * 5) / 13, 10); // P = 1, R = 1/3
    expect(chrf('你們好', '你')).toBeCloseTo((100 * 5) / 7, 10); // P = 1/3, R = 1
    expect(chrf('你', '你們好', { beta: 1 })).toBeCloseTo(50, 10); // F1 of P = 1, R = 1/3
  });

  it('gives a corpus score from summed counts and a mean of sentence scores', () => {
    const pairs: Array<[string, string]> = [
      ['ab', 'ab'],
      ['x', 'y'],
    ];
    // Summed: n=1 3/3/2 → F = 2/3; n=2 1/1/1 → 1; (2/3 + 1) / 2.
    expect(corpusChrf(pairs)).toBeCloseTo((100 * (2 / 3 + 1)) / 2, 10);
    expect(meanChrf(pairs)).toBeCloseTo(50, 10); // (100 + 0) / 2
    expect(meanChrf([])).toBe(0);
  });
});
