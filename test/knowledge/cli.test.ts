/** `wenshu knowledge index` and `wenshu knowledge search`, run in-process. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli } from '../cli/helpers';
import { samples, tempDir, TEMPLATES, writeTemplates } from './helpers';

let dir: string;
beforeEach(() => {
  dir = tempDir('wenshu-kcli-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const db = () => join(dir, 'k.db');

describe('wenshu knowledge index', () => {
  it('indexes the bundled knowledge with a summary line, then only what changed', async () => {
    const first = await runCli(['knowledge', 'index', '--templates', TEMPLATES, '--db', db()], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^fehd\s+12 files\s+\d+ passages\s+\(12 indexed, 0 unchanged, 0 removed, 0 skipped\)$/);
    expect(lines.some((l) => /^td\s+11 files/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^built .*k\.db: 25 files, \d+ passages \(25 files indexed, 0 removed, 0 skipped\) in \d+\.\d s$/);

    const second = await runCli(['knowledge', 'index', 'td', '--templates', TEMPLATES, '--db', db()], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^shared\s+2 files .*\(0 indexed, 2 unchanged/m);
    expect(second.stdout).toMatch(/^td\s+11 files .*\(0 indexed, 11 unchanged/m);
    expect(second.stdout).not.toMatch(/^fehd/m);
  });

  it('draws a progress bar on a terminal', async () => {
    const t = writeTemplates(join(dir, 'templates'), { 'alpha/knowledge/a.md': '# A\n\n1. Hawker licences are personal to the licensee.\n' });
    const r = await runCli(['knowledge', 'index', '--templates', t, '--db', db()], { cwd: dir, tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('[########################] 1/1 alpha/knowledge/a.md');
    expect(r.stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it('names bad files on stderr, skips them, indexes the rest, and exits 1', async () => {
    const t = writeTemplates(join(dir, 'templates'), {
      'alpha/knowledge/good.md': '# Good\n\n1. Refuse collection points are cleaned twice a day by the contractor.\n',
      'alpha/knowledge/broken.docx': Buffer.from('not a docx at all'),
      'alpha/knowledge/scan.pdf': samples.makePdf({ title: 'Scan', blocks: [] }),
      'alpha/knowledge/table.xlsx': Buffer.from('x'),
    });
    const r = await runCli(['knowledge', 'index', '--templates', t, '--db', db()], { cwd: dir });
    expect(r.code).toBe(1);
    const errors = r.stderr.trimEnd().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors.find((e) => e.includes('broken.docx'))).toMatch(/^wenshu: skipped .*alpha\/knowledge\/broken\.docx: /);
    expect(errors.find((e) => e.includes('scan.pdf'))).toMatch(/scan\.pdf: has no text/);
    expect(errors.find((e) => e.includes('table.xlsx'))).toMatch(/table\.xlsx: unsupported file type \.xlsx/);
    expect(r.stdout).toMatch(/^alpha\s+4 files\s+1 passages\s+\(1 indexed, 0 unchanged, 0 removed, 3 skipped\)$/m);
    const found = await runCli(['knowledge', 'search', 'alpha', 'refuse collection', '--templates', t, '--db', db(), '--format', 'json'], { cwd: dir });
    expect(JSON.parse(found.stdout).results).toHaveLength(1);
  });

  it('refuses an unknown department with a suggestion', async () => {
    expectOneLineError(await runCli(['knowledge', 'index', 'fhed', '--templates', TEMPLATES, '--db', db()], { cwd: dir }), /^wenshu: no knowledge folder for department "fhed" .*did you mean fehd\?/);
    expectOneLineError(await runCli(['knowledge', 'reindex'], { cwd: dir }), 'wenshu: unknown knowledge command "reindex" (did you mean index?) (wenshu knowledge index|search)');
    expectOneLineError(await runCli(['knowledge'], { cwd: dir }), /^wenshu: knowledge needs a subcommand/);
  });
});

describe('wenshu knowledge search', () => {
  it('shows passages with file, heading and score', async () => {
    const r = await runCli(['knowledge', 'search', 'td', 'How much is the fee to renew a driving licence?', '--k', '3', '--templates', TEMPLATES, '--db', db()], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const blocks = r.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(3);
    expect(blocks.join('\n')).toMatch(/900/);
    for (const b of blocks) {
      const [head, heading, text] = b.split('\n');
      expect(head).toMatch(/^\[\d\] .*td\/knowledge\/\S+ {2}score \d+(\.\d+)?$/);
      expect(heading.startsWith('    ')).toBe(true);
      expect(text.trim().length).toBeGreaterThan(10);
    }
  });

  it('answers in JSON with --format json, in Chinese as well as English', async () => {
    const r = await runCli(['knowledge', 'search', 'fehd', '暫准牌照可以續期嗎？', '--format', 'json', '--templates', TEMPLATES, '--db', db()], { cwd: dir });
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ department: 'fehd', query: '暫准牌照可以續期嗎？', mode: 'lexical' });
    expect(body.results).toHaveLength(5);
    expect(body.results[0]).toEqual({
      rank: 1,
      score: expect.any(Number),
      file: expect.stringMatching(/^fehd\/knowledge\//),
      title: expect.any(String),
      heading: expect.any(String),
      id: expect.stringMatching(/#\d+$/),
      lang: expect.stringMatching(/^(zh-HK|en)$/),
      shared: false,
      classification: 'UNCLASSIFIED',
      text: expect.any(String),
    });
    expect(body.results.some((x: { text: string }) => x.text.includes('暫准牌照不可續期'))).toBe(true);
  });

  it('checks its arguments', async () => {
    expectOneLineError(await runCli(['knowledge', 'search', 'td'], { cwd: dir }), /^wenshu: usage: wenshu knowledge search DEPT "query"/);
    expectOneLineError(await runCli(['knowledge', 'search', 'td', 'x', '--k', '0'], { cwd: dir }), 'wenshu: --k must be a whole number from 1 to 50 (got "0")');
    expectOneLineError(await runCli(['knowledge', 'search', 'td', 'x', '--format', 'xml'], { cwd: dir }), 'wenshu: --format must be text or json (got "xml")');
  });

  it('has help', async () => {
    const r = await runCli(['help', 'knowledge']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: wenshu knowledge index/);
    expect((await runCli(['--help'])).stdout).toContain('wenshu knowledge search DEPT "query"');
  });
});
