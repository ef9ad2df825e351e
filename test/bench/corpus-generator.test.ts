/** The benchmark corpus (bench/corpus.js) is deterministic, exactly the size asked for, bilingual and seeded. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus, tables } = require('../../bench/corpus.js') as {
  generateCorpus(options?: { size?: number; seed?: number; errorRate?: number }): {
    text: string;
    seeded: Record<string, number>;
    paragraphs: { zh: number; en: number };
  };
  tables: Record<string, Array<[string, string]> | string[]>;
};

describe('bench corpus generator', () => {
  const corpus = generateCorpus();

  it('is exactly 100,000 characters by default, all in the BMP', () => {
    expect(corpus.text.length).toBe(100_000);
    expect([...corpus.text].length).toBe(100_000);
  });

  it('gives the same text for the same seed and a different one for another seed', () => {
    expect(generateCorpus().text).toBe(corpus.text);
    expect(generateCorpus({ seed: 7 }).text).not.toBe(corpus.text);
    expect(generateCorpus({ size: 5_000, seed: 7 }).text).toBe(generateCorpus({ size: 5_000, seed: 7 }).text);
  });

  it('honours other sizes exactly', () => {
    for (const size of [0, 1, 999, 12_345]) expect(generateCorpus({ size }).text.length).toBe(size);
  });

  it('mixes Chinese and English paragraphs', () => {
    const han = (corpus.text.match(/\p{Script=Han}/gu) ?? []).length;
    const latin = (corpus.text.match(/[A-Za-z]/g) ?? []).length;
    expect(han / corpus.text.length).toBeGreaterThan(0.2);
    expect(latin / corpus.text.length).toBeGreaterThan(0.2);
    expect(corpus.paragraphs.zh).toBeGreaterThan(100);
    expect(corpus.paragraphs.en).toBeGreaterThan(100);
  });

  it('seeds every kind of mistake at a realistic density (one per 100 to 1,000 characters)', () => {
    const total = Object.values(corpus.seeded).reduce((a, b) => a + b, 0);
    for (const kind of ['colloquial', 'simplified', 'punctuation', 'english', 'spoken']) {
      expect(corpus.seeded[kind]).toBeGreaterThan(0);
    }
    expect(total).toBeGreaterThan(100);
    expect(total).toBeLessThan(1_000);
    const simplified = (tables.ZH_SIMPLIFIED as Array<[string, string]>).map(([, bad]) => bad);
    expect(simplified.some((ch) => corpus.text.includes(ch))).toBe(true);
    expect(corpus.text).toMatch(/\p{Script=Han}[,.:?;]/u);
    expect(corpus.text).toMatch(/\b(?:organization|center|license|program|behavior)\b/);
  });

  it('writes no mistakes when the error rate is zero', () => {
    const clean = generateCorpus({ errorRate: 0 });
    expect(Object.values(clean.seeded).every((n) => n === 0)).toBe(true);
    expect(clean.text).not.toMatch(/[嘅咗佢冇喺啲]/);
  });
});
