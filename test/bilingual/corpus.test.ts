import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBilingual } from '../../src/core/bilingual';
import { fromPlainText } from '../../src/core/text/document';

const corpus = join(__dirname, '../fixtures/corpus');

/**
 * The Chinese and English versions of the same papers in the house-rules corpus (written separately, as
 * Government papers are). What the check reports on them is what really differs between the two versions.
 */
const PAIRS: Array<[string, string, string[]]> = [
  ['01-press-release-digital-policy', '01-press-release-digital-policy', []],
  ['05-press-release-rodent', '06-press-release-rodent', []],
  ['08-press-release-typhoon', '09-press-release-typhoon', []],
  ['13-press-release-tax', '13-press-release-tax', []],
  ['02-legco-reply-parking-meters', '02-legco-reply-parking-meters', []],
  // The English gives the dates of the guided tours; the Chinese does not.
  ['16-press-release-heritage', '16-press-release-heritage', ['bilingual/date en 2 May', 'bilingual/date en 27 June']],
  // "律政司現答覆如下" is "My reply ... is as follows" in English: a name in one version only, reported as a warning.
  ['15-legco-reply-arbitration', '15-legco-reply-arbitration', ['bilingual/name zh-HK 律政司']],
  // Only the English minutes say when the meeting ended.
  ['07-minutes-meeting', '08-minutes-meeting', ['bilingual/time en 4:15 pm']],
];

describe('bilingual check on real paired papers', () => {
  it.each(PAIRS)('%s ↔ %s', (zh, en, expected) => {
    const findings = checkBilingual(fromPlainText(readFileSync(join(corpus, 'good-zh', `${zh}.txt`), 'utf8')), fromPlainText(readFileSync(join(corpus, 'good-en', `${en}.txt`), 'utf8')));
    expect(findings.map((f) => `${f.ruleId} ${f.document} ${f.text}`)).toEqual(expected);
  });
});
