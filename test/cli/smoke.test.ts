/** The installed command: bin/wenshu.js running the compiled CLI in dist/ (built by `npm run build:node`). */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeIn } from './helpers';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'wenshu.js');
const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));

const wenshu = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('bin/wenshu.js', () => {
  beforeAll(() => {
    if (!built) throw new Error('dist/cli/main.js is missing: run npm run build:node (npm test does) before these tests');
  });

  it('checks a file and exits 1 on errors, 0 when clean, with JSON on stdout', () => {
    const dir = tempDir();
    writeIn(dir, 'spoken.txt', '𠝹佢嚟咗。\n');
    writeIn(dir, 'clean.txt', '本署已收悉閣下的來信。\n');
    const bad = wenshu(['check', '--rules', 'hk-zh-formal', '--format', 'json', 'spoken.txt'], dir);
    expect(bad.status).toBe(1);
    const findings = JSON.parse(bad.stdout).files[0].findings;
    expect(findings.map((f: { text: string; column: number }) => [f.text, f.column])).toEqual([
      ['佢', 2],
      ['嚟', 3],
      ['咗', 4],
    ]);
    const good = wenshu(['check', 'clean.txt'], dir);
    expect(good.status).toBe(0);
    expect(good.stdout).toBe('No problems found in 1 file\n');
  });

  it('exits 2 with one line for a missing file, and prints its version', () => {
    const dir = tempDir();
    const missing = wenshu(['check', 'missing.docx'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('wenshu: missing.docx: no such file\n');
    const version = wenshu(['--version'], dir);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('says how to build the CLI when dist/ is missing', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bin'));
    copyFileSync(BIN, join(dir, 'bin', 'wenshu.js'));
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'wenshu.js'), '--version'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wenshu: the CLI is not built yet; run npm install (or npm run build:node) first\n');
  });
});
