/**
 * The generated modules the checker bundles are those the YAML rule sets make: the rule sets themselves, the
 * word-boundary model (jieba words overlapping the `word` tokens) and the OpenCC phrase table for the Simplified
 * characters with several forms. Run `npm run build:rules` after editing a rule set.
 */
import * as fs from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../scripts/build-rulesets.js') as {
  readSets(): unknown[];
  generate(sets: unknown[]): string;
  generateWords(sets: unknown[]): string;
  generatePhrases(sets: unknown[]): string;
  out: string;
  wordsOut: string;
  phrasesOut: string;
};

describe('generated rule-set modules are up to date', () => {
  const sets = build.readSets();
  it('builtin.generated.ts', () => {
    expect(build.generate(sets) === fs.readFileSync(build.out, 'utf8')).toBe(true);
  });
  it('words.generated.ts (stamped with the tokens it serves)', () => {
    expect(build.generateWords(sets) === fs.readFileSync(build.wordsOut, 'utf8')).toBe(true);
  });
  it('phrases.generated.ts', () => {
    expect(build.generatePhrases(sets) === fs.readFileSync(build.phrasesOut, 'utf8')).toBe(true);
  });
});
