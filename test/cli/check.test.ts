import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleDocx } from '../readers/sample-docx';
import { expectOneLineError, runCli, tempDir, writeIn } from './helpers';

const FORMAL = ['--rules', 'hk-zh-formal'];
// Line 2 starts with two astral characters (two UTF-16 units each); the file has CRLF line ends.
const CRLF_ASTRAL = '第一段。\r\n𠝹😀佢哋嘅文件。\r\n';

interface JsonFinding {
  ruleId: string;
  level: string;
  message: { 'zh-HK': string; en: string };
  line: number;
  column: number;
  offset: number;
  length: number;
  text: string;
  fixes: Array<{ replacement: string }>;
}
const parseJson = (stdout: string) => JSON.parse(stdout) as { files: Array<{ path: string; findings: JsonFinding[]; fixesApplied?: number }> };

describe('wenshu check: exit codes and text output', () => {
  const dir = tempDir();
  const clean = writeIn(dir, 'clean.txt', '本署已收悉閣下的來信，現回覆如下。\n');
  const spoken = writeIn(dir, 'spoken.txt', CRLF_ASTRAL);

  it('exits 0 with no findings', async () => {
    const r = await runCli(['check', 'clean.txt'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: 'No problems found in 1 file\n', stderr: '' });
  });

  it('exits 1 with error-level findings, one line each with path:line:column, then a summary', async () => {
    const r = await runCli(['check', ...FORMAL, 'spoken.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^spoken\.txt:2:3  error  .*佢哋.* \(hk-zh-formal\/[a-z-]+\)$/);
    expect(lines[1]).toMatch(/^spoken\.txt:2:5  error  .*嘅.* \(hk-zh-formal\/[a-z-]+\)$/);
    expect(lines[2]).toBe('2 errors in 1 file');
  });

  it('exits 0 when the findings are warnings or suggestions only, and counts them in the summary', async () => {
    writeIn(dir, 'style.txt', 'We will organize the meeting.\n會議在２０２６年舉行。\n');
    const r = await runCli(['check', '--rules', 'hk-en-style,hk-zh-punctuation', 'style.txt', 'clean.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^style\.txt:1:9  warning\s+.*organise/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^1 warning, \d+ suggestions? in 2 files$/);
  });

  it('shows messages in Chinese with --lang zh-HK or a Chinese locale, English otherwise', async () => {
    const zh = await runCli(['check', ...FORMAL, '--lang', 'zh-HK', 'spoken.txt'], { cwd: dir });
    expect(zh.stdout).toMatch(/^spoken\.txt:2:3  錯誤  書面語.*「佢哋」/m);
    expect(zh.stdout.trimEnd().split('\n').pop()).toBe('2 項錯誤（共 1 個檔案）');
    const locale = await runCli(['check', ...FORMAL, 'spoken.txt'], { cwd: dir, env: { LANG: 'zh_HK.UTF-8' } });
    expect(locale.stdout).toBe(zh.stdout);
    const en = await runCli(['check', ...FORMAL, '--lang', 'en', 'spoken.txt'], { cwd: dir, env: { LANG: 'zh_HK.UTF-8' } });
    expect(en.stdout).toMatch(/Cantonese/);
    expectOneLineError(await runCli(['check', '--lang', 'fr', 'spoken.txt'], { cwd: dir }), 'wenshu: unknown language "fr" (expected zh-HK or en)');
  });

  it('colours output only on a terminal and never with NO_COLOR', async () => {
    const tty = await runCli(['check', ...FORMAL, 'spoken.txt'], { cwd: dir, tty: true });
    expect(tty.stdout).toContain('\u001b[31m');
    const noColour = await runCli(['check', ...FORMAL, 'spoken.txt'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).not.toContain('\u001b[');
    const piped = await runCli(['check', ...FORMAL, 'spoken.txt'], { cwd: dir, tty: false });
    expect(piped.stdout).not.toContain('\u001b[');
    expect(noColour.stdout).toBe(piped.stdout);
  });

  it('accepts absolute paths and prints them as given', async () => {
    const r = await runCli(['check', ...FORMAL, spoken, clean]);
    expect(r.stdout.split('\n')[0].startsWith(`${spoken}:2:3  error`)).toBe(true);
    expect(r.stdout).toMatch(/2 errors in 2 files\n$/);
  });
});

describe('wenshu check --format json', () => {
  const dir = tempDir();
  writeIn(dir, 'crlf.txt', CRLF_ASTRAL);

  it('prints one object with code-point lines, columns, offsets and lengths (astral characters, CRLF)', async () => {
    const r = await runCli(['check', ...FORMAL, '--format', 'json', 'crlf.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = parseJson(r.stdout);
    expect(Object.keys(out)).toEqual(['files']);
    expect(out.files).toHaveLength(1);
    expect(Object.keys(out.files[0])).toEqual(['path', 'findings']);
    expect(out.files[0].path).toBe('crlf.txt');
    const [a, b] = out.files[0].findings;
    expect(Object.keys(a)).toEqual(['ruleId', 'level', 'message', 'line', 'column', 'offset', 'length', 'text', 'fixes']);
    expect(a).toMatchObject({ level: 'error', line: 2, column: 3, offset: 8, length: 2, text: '佢哋' });
    expect(a.ruleId).toMatch(/^hk-zh-formal\//);
    expect(a.message['zh-HK']).toContain('佢哋');
    expect(a.message.en).toContain('佢哋');
    expect(a.fixes[0]).toEqual({ replacement: '他們' });
    expect(b).toMatchObject({ level: 'error', line: 2, column: 5, offset: 10, length: 1, text: '嘅', fixes: [{ replacement: '的' }] });
    // offset/length are code points into the file's text
    const cps = Array.from(CRLF_ASTRAL);
    expect(cps.slice(a.offset, a.offset + a.length).join('')).toBe('佢哋');
  });

  it('lists every file, with an empty findings list for a clean one', async () => {
    writeIn(dir, 'ok.md', '# 通告\n\n本署謹此通知各位。\n');
    const r = await runCli(['check', ...FORMAL, '--format', 'json', 'ok.md', 'crlf.txt'], { cwd: dir });
    const out = parseJson(r.stdout);
    expect(out.files.map((f) => [f.path, f.findings.length])).toEqual([
      ['ok.md', 0],
      ['crlf.txt', 2],
    ]);
  });

  it('locates findings in a Chinese .docx in its extracted text (header first, blocks joined by "\\n")', async () => {
    writeIn(dir, 'reply.docx', await sampleDocx());
    const r = await runCli(['check', ...FORMAL, '--format', 'json', 'reply.docx'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings = parseJson(r.stdout).files[0].findings;
    // 限閱文件 / 回覆市民來信 / 背景 / 佢哋嘅意見已收悉。 / 𠝹😀佢\t第二\n行 ...
    expect(findings.map((f) => [f.text, f.line, f.column, f.offset, f.length])).toEqual([
      ['佢哋', 4, 1, 15, 2],
      ['嘅', 4, 3, 17, 1],
      ['佢', 5, 3, 27, 1],
    ]);
  });

  it('locates findings in an .eml body after the subject line', async () => {
    const eml = join(__dirname, '..', 'readers', 'fixtures', 'utf8-qp.eml');
    const r = await runCli(['check', ...FORMAL, '--format', 'json', eml]);
    const findings = parseJson(r.stdout).files[0].findings;
    const hit = findings.find((f) => f.text === '佢哋');
    // 關於街市衞生的查詢 / 敬啟者： / (blank) / 我想問點解街市咁污糟，𠝹😀佢哋幾時會清潔？
    expect(hit).toMatchObject({ line: 4, column: 14, offset: 9 + 1 + 4 + 1 + 1 + 13, length: 2 });
    expect(findings.find((f) => f.text === '點解')).toMatchObject({ line: 4, column: 4 });
  });
});

describe('wenshu check --format sarif', () => {
  const dir = tempDir();
  writeIn(dir, 'mixed.txt', '𠝹佢嘅報告在２０２６年完成。\n');

  it('writes SARIF 2.1.0 with rules, levels, code-point regions and fixes', async () => {
    const r = await runCli(['check', '--rules', 'hk-zh-formal,hk-zh-punctuation', '--format', 'sarif', 'mixed.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('wenshu');
    expect(run.columnKind).toBe('unicodeCodePoints');
    const ruleIds: string[] = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds.every((id) => /^hk-zh-(formal|punctuation)\//.test(id))).toBe(true);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.help.text).toBeTruthy();
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    expect(run.artifacts).toEqual([{ location: { uri: 'mixed.txt', uriBaseId: '%SRCROOT%' } }]);
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(result.locations[0].physicalLocation.artifactLocation).toMatchObject({ uri: 'mixed.txt', index: 0 });
    }
    const he = run.results.find((x: { locations: Array<{ physicalLocation: { region: { snippet: { text: string } } } }> }) => x.locations[0].physicalLocation.region.snippet.text === '佢');
    expect(he.level).toBe('error');
    expect(he.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 2, endLine: 1, endColumn: 3, snippet: { text: '佢' } });
    expect(he.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 1, startColumn: 2, endLine: 1, endColumn: 3 },
      insertedContent: { text: '他' },
    });
    // suggestion → note: full-width digits
    const digit = run.results.find((x: { ruleId: string }) => x.ruleId === 'hk-zh-punctuation/fullwidth-digits');
    expect(digit.level).toBe('note');
    expect(digit.locations[0].physicalLocation.region.startColumn).toBe(7);
  });

  it('gives .docx regions in the extracted text and offers no file fixes for them', async () => {
    writeIn(dir, 'reply.docx', await sampleDocx());
    const r = await runCli(['check', ...FORMAL, '--format', 'sarif', 'reply.docx'], { cwd: dir });
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.artifacts[0].properties.extractedText).toBe(true);
    expect(run.results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 1, endColumn: 3 });
    expect(run.results[0].fixes).toBeUndefined();
  });
});

describe('wenshu check --fix', () => {
  it('writes a backup, fixes the text (CRLF and BOM kept), reports the count and checks again', async () => {
    const dir = tempDir();
    // 我哋 and 嘅 have one fix each (佢 offers 他, 她 or 它, which --fix leaves for the officer).
    const original = '\ufeff第一段。\r\n𠝹😀我哋嘅文件。\r\n';
    const file = writeIn(dir, 'draft.txt', original);
    const r = await runCli(['check', ...FORMAL, '--fix', 'draft.txt'], { cwd: dir });
    expect(r.stdout).toBe('draft.txt: applied 2 fixes (original kept as draft.txt.bak)\nNo problems found in 1 file\n');
    expect(r.code).toBe(0);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
    expect(readFileSync(file, 'utf8')).toBe('\ufeff第一段。\r\n𠝹😀我們的文件。\r\n');
  });

  it('keeps Markdown markup and reports in JSON (the note on stderr)', async () => {
    const dir = tempDir();
    const file = writeIn(dir, 'notes.md', '# 我哋嘅意見\n\n- 我哋會跟進\n');
    const r = await runCli(['check', ...FORMAL, '--fix', '--format', 'json', 'notes.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('notes.md: applied 3 fixes (original kept as notes.md.bak)\n');
    expect(parseJson(r.stdout).files[0]).toEqual({ path: 'notes.md', fixesApplied: 3, findings: [] });
    expect(readFileSync(file, 'utf8')).toBe('# 我們的意見\n\n- 我們會跟進\n');
  });

  it('leaves a finding that offers a choice for the officer (佢 as an object: 他, 她 or 它)', async () => {
    const dir = tempDir();
    const file = writeIn(dir, 'choice.txt', '我哋會搞掂佢。\n');
    const before = parseJson((await runCli(['check', ...FORMAL, '--format', 'json', 'choice.txt'], { cwd: dir })).stdout).files[0].findings;
    const choice = before.find((f: { text: string }) => f.text === '佢');
    expect(choice!.fixes.length).toBeGreaterThan(1);
    await runCli(['check', ...FORMAL, '--fix', 'choice.txt'], { cwd: dir });
    const fixed = readFileSync(file, 'utf8');
    expect(fixed).toContain('我們');
    expect(fixed).toContain('佢');
  });

  it('fixes a file named twice only once, so the backup is the original', async () => {
    const dir = tempDir();
    const file = writeIn(dir, 'twice.txt', '我哋嘅\n');
    const r = await runCli(['check', ...FORMAL, '--fix', 'twice.txt', join(dir, 'twice.txt')], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('我哋嘅\n');
    expect(readFileSync(file, 'utf8')).toBe('我們的\n');
  });

  it('leaves a file with nothing to fix untouched, with no backup', async () => {
    const dir = tempDir();
    const file = writeIn(dir, 'clean.txt', '本署已收悉閣下的來信。\n');
    const r = await runCli(['check', '--fix', 'clean.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^clean\.txt: nothing to fix automatically; the file is unchanged\n/);
    expect(existsSync(`${file}.bak`)).toBe(false);
  });

  it('refuses .docx and .eml files (exit 2) and writes nothing', async () => {
    const dir = tempDir();
    writeIn(dir, 'reply.docx', await sampleDocx());
    const txt = writeIn(dir, 'a.txt', '佢\n');
    expectOneLineError(
      await runCli(['check', '--fix', 'a.txt', 'reply.docx'], { cwd: dir }),
      'wenshu: --fix writes .txt and .md files only; reply.docx is a .docx file (apply fixes to it in Word or Outlook with the add-in)',
    );
    expect(readFileSync(txt, 'utf8')).toBe('佢\n');
    expect(existsSync(`${txt}.bak`)).toBe(false);
    expectOneLineError(await runCli(['check', '--fix', 'mail.eml'], { cwd: dir }), /--fix writes \.txt and \.md files only; mail\.eml is a \.eml file/);
  });

  it('refuses a file it cannot fully read (not UTF-8) and writes nothing', async () => {
    const dir = tempDir();
    const file = writeIn(dir, 'big5.txt', new Uint8Array([0xca, 0x5c, 0x0a]));
    expectOneLineError(await runCli(['check', '--fix', 'big5.txt'], { cwd: dir }), /^wenshu: big5\.txt: is not valid UTF-8 \(first bad byte at line 1\)/);
    expect(readFileSync(file)).toEqual(Buffer.from([0xca, 0x5c, 0x0a]));
    expect(existsSync(`${file}.bak`)).toBe(false);
  });
});

describe('wenshu check: bad input exits 2 with one line', () => {
  const dir = tempDir();
  writeIn(dir, 'a.txt', '佢\n');
  writeIn(dir, 'corrupt.docx', 'PK\u0003\u0004 this is not really a zip');

  it('a missing file', async () => {
    expectOneLineError(await runCli(['check', 'a.txt', 'missing.txt'], { cwd: dir }), 'wenshu: missing.txt: no such file');
  });
  it('a corrupt .docx', async () => {
    expectOneLineError(await runCli(['check', 'corrupt.docx'], { cwd: dir }), 'wenshu: corrupt.docx: is not a .docx file (it is not a ZIP package, or it is damaged)');
  });
  it('an unsupported file type', async () => {
    expectOneLineError(await runCli(['check', 'notes.pdf'], { cwd: dir }), 'wenshu: notes.pdf: unsupported file type .pdf (expected .txt, .md, .docx, .eml)');
  });
  it('an unknown rule set, with a suggestion', async () => {
    expectOneLineError(await runCli(['check', '--rules', 'hk-zh-formel', 'a.txt'], { cwd: dir }), /^wenshu: unknown rule set "hk-zh-formel" \(did you mean hk-zh-formal\?\) \(known: .*hk-zh-formal.*\)$/);
  });
  it('an unknown template', async () => {
    expectOneLineError(await runCli(['check', '--template', 'fehd/reply-publik', 'a.txt'], { cwd: dir }), /^wenshu: unknown template "fehd\/reply-publik" \(did you mean fehd\/reply-public\?\) \(known: .*\)$/);
    expectOneLineError(await runCli(['check', '--template', 'nothing', 'a.txt'], { cwd: dir }), /^wenshu: --template takes DEPARTMENT\/TEMPLATE/);
  });
  it('an unknown format, option or missing value', async () => {
    expectOneLineError(await runCli(['check', '--format', 'xml', 'a.txt'], { cwd: dir }), 'wenshu: unknown format "xml" (expected text, json, sarif)');
    expectOneLineError(await runCli(['check', '--colour', 'a.txt'], { cwd: dir }), 'wenshu: unknown option --colour for check (see wenshu help check)');
    expectOneLineError(await runCli(['check', 'a.txt', '--format'], { cwd: dir }), 'wenshu: --format needs a value (see wenshu help check)');
  });
  it('no files', async () => {
    expectOneLineError(await runCli(['check'], { cwd: dir }), /^wenshu: no files to check/);
  });
  it('a folder of packs that does not exist', async () => {
    expectOneLineError(await runCli(['check', '--template', 'fehd/memo', '--templates', 'nowhere', 'a.txt'], { cwd: dir }), 'wenshu: nowhere: no such folder of template packs');
  });
});

describe('wenshu check --template', () => {
  it('checks against a bundled template: its rule sets, sections and classification', async () => {
    const dir = tempDir();
    writeIn(dir, 'memo.txt', '限閱文件\n佢哋嘅意見\n');
    const r = await runCli(['check', '--template', 'fehd/memo', '--format', 'json', 'memo.txt'], { cwd: dir });
    expect(r.code).toBe(1);
    const ids = parseJson(r.stdout).files[0].findings.map((f) => f.ruleId);
    expect(ids).toContain('hk-zh-formal/colloquial-words');
    expect(ids.some((id) => id.startsWith('classification/'))).toBe(true);
  });

  it('takes packs from WENSHU_TEMPLATES or --templates', async () => {
    const dir = tempDir();
    writeIn(dir, 'a.txt', '本署已收悉閣下的來信。\n');
    const empty = tempDir();
    const viaEnv = await runCli(['check', '--template', 'fehd/memo', 'a.txt'], { cwd: dir, env: { WENSHU_TEMPLATES: empty } });
    expectOneLineError(viaEnv, `wenshu: unknown template "fehd/memo" (no templates found in ${empty})`);
    const viaFlag = await runCli(['check', '--template', 'fehd/memo', '--templates', empty, 'a.txt'], { cwd: dir });
    expect(viaFlag.stderr).toBe(viaEnv.stderr);
  });
});

describe('help and version', () => {
  it('wenshu --help, help check, check --help', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/wenshu check FILE\.\.\./);
    const help = await runCli(['help', 'check']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: wenshu check FILE\.\.\. \[options\]/);
    expect(help.stdout).toContain('--fix');
    expect((await runCli(['check', '--help'])).stdout).toBe(help.stdout);
    expect((await runCli(['help', 'draft'])).stdout).toMatch(/--template DEPT\/ID/);
    expectOneLineError(await runCli(['help', 'nothing']), /^wenshu: no help on "nothing"/);
  });

  it('wenshu --version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('an unknown command exits 2 with a suggestion; no command prints usage and exits 2', async () => {
    expectOneLineError(await runCli(['chek', 'a.txt']), 'wenshu: unknown command "chek" (did you mean check?); see wenshu --help');
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^wenshu: draft and check/);
  });
});
