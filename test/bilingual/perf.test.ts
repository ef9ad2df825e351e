import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkBilingual } from '../../src/core/bilingual';
import { fromPlainText } from '../../src/core/text/document';

it('checks a paper of 500+ paragraphs a side in well under the time an officer waits, with nothing reported on agreeing versions', () => {
  const fx = parse(readFileSync(join(__dirname, '../fixtures/bilingual/pairs.yaml'), 'utf8')) as { clean: Array<{ zh: string; en: string }> };
  const zh: string[] = [];
  const en: string[] = [];
  for (let i = 0; i < 25; i++) for (const p of fx.clean) (zh.push(p.zh), en.push(p.en));
  // One extra English paragraph in the middle.
  en.splice(300, 0, 'The Department will also consult the District Council on the arrangements.');
  const start = Date.now();
  const findings = checkBilingual(fromPlainText(zh.join('\n')), fromPlainText(en.join('\n')));
  expect(Date.now() - start).toBeLessThan(10_000);
  expect(findings.map((f) => [f.ruleId, f.text])).toEqual([['bilingual/paragraph', 'The Department will also consult the District Council on the arrangements.']]);
});
