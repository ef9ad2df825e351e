/**
 * Issue 9, audit: "anyone with write access to the database can rewrite the whole chain and its head row
 * undetected", and "Deleting the newest audit record and moving the head row back passes `audit verify`".
 * Signed checkpoints of the head (Ed25519, the key held by the operator) pin the trail: `wenshu audit
 * verify --checkpoint FILE --public-key FILE` finds both. Runs the built CLI (bin/wenshu.js over dist/) on
 * real SQLite files; the tampering is done through a second connection, as someone with the file would.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/gateway/store/sqlite';
import { auditInput, raw, rechain, tempDir } from '../store/helpers';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'wenshu.js');
const wenshu = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

const tmp = tempDir();
let keys: string;
let template: string;
let copies = 0;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run npm run build:node first');
  keys = join(tmp.dir, 'keys');
  const made = wenshu(['audit', 'keygen', '--out', keys], tmp.dir);
  expect(made.status).toBe(0);
  template = tmp.file('template.db');
  const store = openSqliteStore(template);
  for (let i = 1; i <= 20; i++) store.audit.append(auditInput(i));
  store.close();
});
afterAll(() => tmp.cleanup());

/** A copy of the 20-record trail with a checkpoint of its head in its own directory. */
function signedCopy(): { db: string; dir: string; checkpoint: string } {
  const n = ++copies;
  const db = tmp.file(`copy-${n}.db`);
  copyFileSync(template, db);
  const dir = join(tmp.dir, `checkpoints-${n}`);
  const r = wenshu(['audit', 'checkpoint', '--db', db, '--key', join(keys, 'audit-checkpoint.key'), '--out', dir], tmp.dir);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const [file] = readdirSync(dir);
  return { db, dir, checkpoint: join(dir, file) };
}

const verify = (db: string, checkpoint?: string) =>
  wenshu(['audit', 'verify', '--db', db, ...(checkpoint ? ['--checkpoint', checkpoint, '--public-key', join(keys, 'audit-checkpoint.pub')] : [])], tmp.dir);

describe('signed checkpoints of the audit head', () => {
  it('keygen writes an Ed25519 key pair, the private half readable by its owner only, and never replaces it', () => {
    expect(readFileSync(join(keys, 'audit-checkpoint.key'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(readFileSync(join(keys, 'audit-checkpoint.pub'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(statSync(join(keys, 'audit-checkpoint.key')).mode & 0o077).toBe(0);
    const again = wenshu(['audit', 'keygen', '--out', keys], tmp.dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/refusing to replace/);
  });

  it('checkpoint signs the head; verify with it reports the trail intact and the checkpoint agreeing', () => {
    const { db, checkpoint } = signedCopy();
    const cp = JSON.parse(readFileSync(checkpoint, 'utf8'));
    expect(cp).toMatchObject({ format: 'wenshu-audit-checkpoint', version: 1, seq: 20, hash: expect.stringMatching(/^[0-9a-f]{64}$/), keyId: expect.stringMatching(/^ed25519:/) });
    const r = verify(db, checkpoint);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/audit trail intact: 20 records; head seq 20 .*agrees with 1 signed checkpoint \(newest: seq 20/);
  });

  it('Deleting the newest audit record and moving the head row back passes audit verify: the checkpoint catches it', () => {
    const { db, checkpoint } = signedCopy();
    raw(db, (d) => {
      d.prepare('DELETE FROM audit WHERE seq = 20').run();
      const prev = d.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit WHERE seq = 19').get()!;
      d.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(prev.seq, prev.hash);
    });
    // Without a checkpoint nothing inside the file can tell: the shorter chain and its head agree.
    expect(verify(db).status).toBe(0);
    const r = verify(db, checkpoint);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^audit trail broken at sequence 20: record 20 is missing: the checkpoint signed at .* says the trail reached 20, but it ends at 19/);
  });

  it('a consistent rewrite of the whole chain and its head passes plain verify but not verify --checkpoint', () => {
    const { db, checkpoint } = signedCopy();
    raw(db, (d) => {
      d.prepare("UPDATE audit SET user_id = 'mallory' WHERE seq = 7").run();
      rechain(d, 7);
      const last = d.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get()!;
      d.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(last.seq, last.hash);
    });
    expect(verify(db).status).toBe(0);
    const r = verify(db, checkpoint);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/broken at sequence 20: record 20 does not match the checkpoint signed at .*: the chain up to 20 was rewritten/);
  });

  it('records added after a checkpoint still verify against it; a directory of checkpoints is checked whole', () => {
    const { db, dir } = signedCopy();
    const store = openSqliteStore(db);
    for (let i = 21; i <= 25; i++) store.audit.append(auditInput(i));
    store.close();
    expect(wenshu(['audit', 'checkpoint', '--db', db, '--key', join(keys, 'audit-checkpoint.key'), '--out', dir], tmp.dir).status).toBe(0);
    const r = verify(db, dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/agrees with 2 signed checkpoints \(newest: seq 25/);
  });

  it('refuses to sign a trail that no longer agrees with the checkpoints already in the directory', () => {
    const { db, dir } = signedCopy();
    raw(db, (d) => {
      d.prepare('DELETE FROM audit WHERE seq = 20').run();
      const prev = d.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit WHERE seq = 19').get()!;
      d.prepare('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1').run(prev.seq, prev.hash);
    });
    const r = wenshu(['audit', 'checkpoint', '--db', db, '--key', join(keys, 'audit-checkpoint.key'), '--out', dir], tmp.dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/record 20 is missing.*nothing signed/);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('a checkpoint altered to match a rewritten trail, or signed with another key, is refused (exit 2)', () => {
    const { db, checkpoint } = signedCopy();
    const cp = JSON.parse(readFileSync(checkpoint, 'utf8'));
    const forged = join(tmp.dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...cp, seq: 19 }));
    const r = verify(db, forged);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not signed by the key/);

    const other = join(tmp.dir, 'other-keys');
    expect(wenshu(['audit', 'keygen', '--out', other], tmp.dir).status).toBe(0);
    const theirs = wenshu(['audit', 'verify', '--db', db, '--checkpoint', checkpoint, '--public-key', join(other, 'audit-checkpoint.pub')], tmp.dir);
    expect(theirs.status).toBe(2);
    expect(theirs.stderr).toMatch(/is not signed by the key/);
  });

  it('verify --checkpoint without --public-key is bad input, not a pass', () => {
    const { db, checkpoint } = signedCopy();
    const r = wenshu(['audit', 'verify', '--db', db, '--checkpoint', checkpoint], tmp.dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/needs --public-key/);
  });
});
