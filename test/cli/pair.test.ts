import { Document, Packer, Paragraph } from 'docx';
import { expectOneLineError, runCli, tempDir, writeIn } from './helpers';

const ZH = ['本署已收悉閣下於2026年10月15日的來信，現回覆如下。', '本署人員已於2026年10月20日上午10時到場視察。', '如有查詢，請致電2868 0000。'].join('\n');
const EN = ['We refer to your letter of 15 October 2026.', 'Our staff inspected the site at 10:00 am on 21 October 2026.', 'For enquiries, please call 2868 0000.'].join('\n');
const col = (line: string, text: string) => [...line.slice(0, line.indexOf(text))].length + 1;

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ ruleId: string; level: string; line: number; column: number; length: number; text: string; message: { en: string; 'zh-HK': string }; fixes: Array<{ replacement: string }> }> }>;
}

async function docx(paragraphs: string[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));
}

describe('wenshu check --pair', () => {
  const dir = tempDir('wenshu-pair-');
  writeIn(dir, 'zh.txt', `${ZH}\n`);
  writeIn(dir, 'en.txt', `${EN}\n`);
  writeIn(dir, 'en-clean.txt', `${EN.replace('21 October', '20 October')}\n`);
  writeIn(dir, 'en-2.txt', 'We refer to your letter.\n');

  it('reports each mismatch in the file where it shows, with line and column, and exits 1', async () => {
    const r = await runCli(['check', '--pair', 'zh.txt', 'en.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    const zhLine = ZH.split('\n')[1];
    const enLine = EN.split('\n')[1];
    expect(lines).toEqual([
      `zh.txt:2:${col(zhLine, '2026年10月20日')}  error  The date differs between the versions: the Chinese version has "2026年10月20日" (20 October 2026) where the English version (paragraph 2) has "21 October 2026". (bilingual/date)`,
      `en.txt:2:${col(enLine, '21 October 2026')}  error  The date differs between the versions: the English version has "21 October 2026" where the Chinese version (paragraph 2) has "2026年10月20日" (20 October 2026). (bilingual/date)`,
      '2 errors in 2 files',
    ]);
  });

  it('takes the versions in either order, and shows messages in Chinese', async () => {
    const r = await runCli(['check', '--pair', '--lang', 'zh-HK', 'en.txt', 'zh.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^en\.txt:2:\d+  錯誤  兩個版本的日期不一致：英文本為「21 October 2026」/);
    expect(lines[1]).toMatch(/^zh\.txt:2:\d+  錯誤  兩個版本的日期不一致：中文本為「2026年10月20日」/);
    expect(lines[2]).toBe('2 項錯誤（共 2 個檔案）');
  });

  it('exits 0 for versions that agree', async () => {
    const r = await runCli(['check', '--pair', 'zh.txt', 'en-clean.txt'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: 'No problems found in 2 files\n', stderr: '' });
  });

  it('exits 0 when the findings are warnings only', async () => {
    writeIn(dir, 'zh-extra.txt', `${ZH}\n本署會繼續密切監察該處的衞生情況。\n`);
    const r = await runCli(['check', '--pair', 'zh-extra.txt', 'en-clean.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^zh-extra\.txt:4:1  warning  This paragraph of the Chinese version \(paragraph 4\) has no counterpart in the English version/m);
  });

  it('reads any format: a .docx against a .txt, as JSON', async () => {
    writeIn(dir, 'en.docx', await docx(EN.split('\n')));
    const r = await runCli(['check', '--pair', '--format', 'json', 'zh.txt', 'en.docx'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => f.path)).toEqual(['zh.txt', 'en.docx']);
    const [zh, en] = report.files;
    expect(zh.findings.map((f) => [f.ruleId, f.level, f.line, f.text, f.fixes])).toEqual([['bilingual/date', 'error', 2, '2026年10月20日', [{ replacement: '2026年10月21日' }]]]);
    expect(en.findings.map((f) => [f.ruleId, f.line, f.column, f.length, f.text])).toEqual([['bilingual/date', 2, col(EN.split('\n')[1], '21 October 2026'), 15, '21 October 2026']]);
    expect(en.findings[0].message['zh-HK']).toMatch(/英文本/);
  });

  it('writes SARIF with the bilingual rules described', async () => {
    const r = await runCli(['check', '--pair', '--format', 'sarif', 'zh.txt', 'en.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['bilingual/amount', 'bilingual/date', 'bilingual/name', 'bilingual/paragraph']));
    expect(run.results).toHaveLength(2);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(run.tool.driver.rules[res.ruleIndex].fullDescription.text).toMatch(/Bilingual consistency/);
      expect(res.locations[0].physicalLocation.region.startLine).toBe(2);
    }
    expect(run.results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['zh.txt', 'en.txt']);
  });

  it('checks the two halves of one bilingual document', async () => {
    writeIn(dir, 'both.md', ['# 街市衞生', '# Market Hygiene', '', '本署已於2026年10月18日上午10時派員巡查。', '', 'Our staff inspected the market at 11:00 am on 18 October 2026.', ''].join('\n'));
    const r = await runCli(['check', '--pair', 'both.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'both.md:4:16  error  The time differs between the versions: the Chinese version has "上午10時" (10:00 am) where the English version (paragraph 2) has "11:00 am". (bilingual/time)',
      'both.md:6:35  error  The time differs between the versions: the English version has "11:00 am" where the Chinese version (paragraph 2) has "上午10時" (10:00 am). (bilingual/time)',
      '2 errors in 1 file',
    ]);
  });

  it('uses the department glossary with --template, and adds rule sets with --rules', async () => {
    writeIn(dir, 'rodent-zh.txt', '2026年首三季的鼠患參考指數為百分之四點二，佢哋會跟進。\n');
    writeIn(dir, 'rodent-en.txt', 'The rate for the first three quarters of 2026 was 4.2%, and they will follow up.\n');
    const plain = await runCli(['check', '--pair', 'rodent-zh.txt', 'rodent-en.txt'], { cwd: dir });
    expect(plain).toEqual({ code: 0, stdout: 'No problems found in 2 files\n', stderr: '' });
    const withGlossary = await runCli(['check', '--pair', '--template', 'fehd/reply-public', 'rodent-zh.txt', 'rodent-en.txt'], { cwd: dir });
    expect(withGlossary.code).toBe(0);
    expect(withGlossary.stdout).toMatch(/^rodent-zh\.txt:1:\d+  warning  The Chinese version names "鼠患參考指數", but the corresponding paragraph of the English version \(paragraph 1\) has no "Rodent Infestation Rate"\. \(bilingual\/name\)$/m);
    const withRules = await runCli(['check', '--pair', '--rules', 'hk-zh-formal', 'rodent-zh.txt', 'rodent-en.txt'], { cwd: dir });
    expect(withRules.code).toBe(1);
    expect(withRules.stdout).toMatch(/^rodent-zh\.txt:1:\d+  error  .*佢哋.* \(hk-zh-formal\/colloquial-words\)$/m);
  });

  it('rejects bad input with one line and exit 2', async () => {
    expectOneLineError(await runCli(['check', '--pair', 'zh.txt', 'en.txt', 'en-2.txt'], { cwd: dir }), 'wenshu: --pair takes the Chinese and the English version (two files), or one bilingual document; got 3 files');
    expectOneLineError(await runCli(['check', '--pair'], { cwd: dir }), /got 0 files/);
    expectOneLineError(await runCli(['check', '--pair', '--fix', 'zh.txt', 'en.txt'], { cwd: dir }), 'wenshu: --fix cannot be used with --pair (fix each version on its own)');
    expectOneLineError(await runCli(['check', '--pair', 'en.txt', 'en-2.txt'], { cwd: dir }), 'wenshu: --pair needs a Chinese and an English version; en.txt and en-2.txt are both English');
    expectOneLineError(await runCli(['check', '--pair', 'zh.txt', 'zh.txt'], { cwd: dir }), 'wenshu: --pair needs two different files (zh.txt is named twice)');
    expectOneLineError(await runCli(['check', '--pair', 'zh.txt', 'missing.txt'], { cwd: dir }), /^wenshu: missing\.txt: /);
    expectOneLineError(await runCli(['check', '--pair', 'zh.txt', 'en.pdf'], { cwd: dir }), /unsupported file type \.pdf/);
    expectOneLineError(await runCli(['check', '--pair', 'en.txt'], { cwd: dir }), 'wenshu: en.txt has no Chinese paragraphs to compare (give the other version as a second file)');
  });

  it('leaves the ordinary check as it was, and documents --pair', async () => {
    const r = await runCli(['check', '--rules', 'hk-zh-formal', 'zh.txt', 'en.txt'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: 'No problems found in 2 files\n', stderr: '' });
    const help = await runCli(['help', 'check']);
    expect(help.stdout).toMatch(/^Usage: wenshu check FILE\.\.\. \[options\]\n {7}wenshu check --pair ZH_FILE EN_FILE \[options\]/);
    expect(help.stdout).toContain('--pair');
    expect(help.stdout).toMatch(/with --pair: bilingual/);
    expect((await runCli(['--help'])).stdout).toContain('wenshu check --pair ZH EN');
  });
});
