import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { readDocument } from '../../src/node/readers';
import { expectOneLineError, runCli, tempDir } from './helpers';

const BUNDLED = join(__dirname, '..', '..', 'templates');

describe('wenshu templates', () => {
  it('lint: the bundled packs have no problems (exit 0)', async () => {
    const r = await runCli(['templates', 'lint', BUNDLED]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/: \d+ templates in \d+ departments, no problems\n$/);
    expect(r.code).toBe(0);
  });

  it('lint: a broken pack gives file:line:column lines and exit 1', async () => {
    const dir = tempDir();
    cpSync(join(BUNDLED, 'fehd'), join(dir, 'fehd'), { recursive: true });
    const yamlPath = join(dir, 'fehd', 'memo', 'template.yaml');
    writeFileSync(yamlPath, readFileSync(yamlPath, 'utf8').replace(/type: text/, 'type: number'));
    const r = await runCli(['templates', 'lint', 'fehd'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^fehd\/[^:]+:\d+:\d+: .+$/);
    expect(lines.some((l) => l.startsWith('fehd/memo/template.yaml:') && l.includes('number'))).toBe(true);
    expect(r.stderr).toMatch(/^\d+ problems? in fehd \(/);
  });

  it('lint: a folder that does not exist is bad input', async () => {
    expectOneLineError(await runCli(['templates', 'lint', 'no-such-dir'], { cwd: tempDir() }), 'wenshu: no-such-dir: no such folder of template packs');
  });

  it('list: one template a line, titles in the message language', async () => {
    const en = await runCli(['templates', 'list']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^fehd\/reply-public\s+zh-HK,en\s+Letter replying to a member of the public$/m);
    const zh = await runCli(['templates', 'list', '--lang', 'zh-HK']);
    expect(zh.stdout).toMatch(/^fehd\/memo\s+zh-HK,en\s+便箋$/m);
    const json = JSON.parse((await runCli(['templates', 'list', '--format', 'json'])).stdout);
    expect(json.templates.map((t: { key: string }) => t.key)).toContain('td/memo');
  });

  it('schema: prints the JSON Schema of the pack files', async () => {
    const r = await runCli(['templates', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).$defs).toHaveProperty('template');
  });

  it('an unknown or missing subcommand is bad input', async () => {
    expectOneLineError(await runCli(['templates', 'lnt']), /^wenshu: unknown subcommand "templates lnt" \(did you mean lint\?\)/);
    expectOneLineError(await runCli(['templates']), /^wenshu: templates needs a subcommand: lint, list, schema/);
  });
});

const REPLY_ZH = [
  'draft',
  '--template',
  'fehd/reply-public',
  '--lang',
  'zh-HK',
  '--date',
  '2026-11-28',
  '--field',
  'ourRef=(12) in FEHD HQ/1234/56',
  '--field',
  'receivedDate=2026-11-20',
  '--field',
  'subject=街市衞生',
  '--field',
  'contactOfficer=本署高級衞生督察李先生',
  '--field',
  'contactPhone=2868 0000',
  '--field',
  'signatoryName=陳大文',
  '--field',
  'addressee=張小姐',
  '--points',
  '本署已加強清潔街市',
  '--points',
  '本署會繼續巡查',
];

describe('wenshu draft', () => {
  it('prints the Markdown draft on stdout, and the notice and the check on stderr', async () => {
    const r = await runCli(REPLY_ZH);
    expect(r.code).toBeLessThan(2);
    expect(r.stdout).toContain('本署檔號：(12) in FEHD HQ/1234/56');
    expect(r.stdout).toContain('2026年11月28日');
    expect(r.stdout).toContain('本署已加強清潔街市');
    expect(r.stderr).toMatch(/^此草稿由文書通按範本/);
    expect(r.stderr).toMatch(/（共 1 個檔案）\n$/);
  });

  it('writes .md, and a .docx that reads back as the same lines', async () => {
    const dir = tempDir();
    const md = await runCli([...REPLY_ZH, '--out', 'reply.md'], { cwd: dir });
    expect(md.stdout).toBe('');
    expect(md.stderr).toMatch(/已寫入 reply\.md\n$/);
    const markdown = readFileSync(join(dir, 'reply.md'), 'utf8');
    expect(markdown).toContain('本署會繼續巡查');

    const docx = await runCli([...REPLY_ZH, '--out', 'reply.docx'], { cwd: dir });
    expect(docx.code).toBe(md.code);
    const read = await readDocument(join(dir, 'reply.docx'));
    const lines = (s: string) => s.split('\n').map((l) => l.replace(/\*\*/g, '').trim()).filter(Boolean);
    expect(lines(read.text)).toEqual(lines(markdown));
    expect(read.model.blocks.find((b) => b.text === '街市衞生')).toBeDefined();

    // and `wenshu check` finds in the .docx what the draft check found
    const check = await runCli(['check', '--template', 'fehd/reply-public', '--format', 'json', 'reply.docx'], { cwd: dir });
    expect(check.code).toBe(md.code);
  });

  it('classified drafts carry the marking first and last, centred in .docx', async () => {
    const dir = tempDir();
    await runCli([...REPLY_ZH, '--classification', 'restricted', '--out', 'r.docx'], { cwd: dir });
    const read = await readDocument(join(dir, 'r.docx'));
    const texts = read.model.blocks.map((b) => b.text).filter(Boolean);
    expect(texts[0]).toBe('限閱文件');
    expect(texts[texts.length - 1]).toBe('限閱文件');
    const xml = await (await JSZip.loadAsync(readFileSync(join(dir, 'r.docx')))).file('word/document.xml')!.async('string');
    const first = /<w:p>.*?<\/w:p>/.exec(xml)![0];
    expect(first).toContain('<w:jc w:val="center"/>');
    expect(first).toContain('限閱文件');
  });

  it('bad input exits 2 with one line', async () => {
    expectOneLineError(await runCli(['draft', '--template', 'fehd/nothing']), /^wenshu: unknown template "fehd\/nothing"/);
    expectOneLineError(await runCli(['draft']), /^wenshu: draft needs --template/);
    expectOneLineError(await runCli(['draft', '--template', 'fehd/reply-public', '--lang', 'en']), /^wenshu: fehd\/reply-public: missing required fields: /);
    expectOneLineError(await runCli([...REPLY_ZH, '--field', 'nofield=1']), /「nofield」不是此範本的欄位/);
    expectOneLineError(await runCli([...REPLY_ZH, '--field', 'subject']), 'wenshu: --field takes key=value (got "subject")');
    expectOneLineError(await runCli([...REPLY_ZH, '--out', 'x.pdf']), 'wenshu: --out must end in .md or .docx (got "x.pdf")');
    expectOneLineError(await runCli([...REPLY_ZH, '--date', '2026-02-30']), 'wenshu: --date takes a date as YYYY-MM-DD (got "2026-02-30")');
    expectOneLineError(await runCli([...REPLY_ZH, '--classification', 'secretish']), /^wenshu: unknown classification "secretish"/);
    const dir = tempDir();
    expectOneLineError(await runCli([...REPLY_ZH, '--out', join('missing-dir', 'r.md')], { cwd: dir }), /^wenshu: missing-dir\/r\.md: cannot write the draft \(ENOENT\)$/);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });
});
