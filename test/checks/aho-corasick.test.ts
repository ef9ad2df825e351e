import { AhoCorasick } from '../../src/core/checks/aho-corasick';

function naive(patterns: string[], text: string) {
  const out: string[] = [];
  patterns.forEach((p, i) => {
    for (let s = text.indexOf(p); s !== -1; s = text.indexOf(p, s + 1)) out.push(`${i}@${s}`);
  });
  return out.sort();
}

describe('AhoCorasick', () => {
  test('finds every occurrence, overlapping and nested', () => {
    const patterns = ['he', 'she', 'his', 'hers', '係', '關係', '係咪', 'e'];
    const text = 'ushers 關係係咪 she his';
    const found: string[] = [];
    new AhoCorasick(patterns).search(text, (m) => found.push(`${m.pattern}@${m.start}`));
    expect(found.sort()).toEqual(naive(patterns, text));
  });

  test('agrees with a naive search on random texts', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const alphabet = 'ab係嘅c';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = [...new Set(Array.from({ length: 8 }, () => word(1 + rand(4))))];
      const text = word(200);
      const found: string[] = [];
      new AhoCorasick(patterns).search(text, (m) => found.push(`${m.pattern}@${m.start}`));
      expect(found.sort()).toEqual(naive(patterns, text));
    }
  });
});
