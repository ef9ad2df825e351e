import { writeFileSync } from 'node:fs';
import { runAuditVerify, verifyAuditDatabase } from '../../../src/gateway/audit/verify-command';
import { openSqliteStore } from '../../../src/gateway/store/sqlite';
import { auditInput, raw, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runAuditVerify(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

function trail(name: string, count: number): string {
  const file = tmp.file(name);
  const store = openSqliteStore(file);
  for (let i = 1; i <= count; i++) store.audit.append(auditInput(i));
  store.close();
  return file;
}

describe('wenshu audit verify', () => {
  it('exits 0 on an intact trail and prints the head to export', () => {
    const file = trail('ok.db', 25);
    const head = verifyAuditDatabase(file).head!;
    expect(head.seq).toBe(25);
    const r = run(['--db', file]);
    expect(r).toEqual({ code: 0, out: [`audit trail intact: 25 records; head seq 25 hash ${head.hash}`], err: [] });
    expect(run([`--db=${file}`, '--expect', `25:${head.hash}`]).code).toBe(0);
  });

  it('verifies while a gateway holds the database open (read-only, WAL)', () => {
    const file = tmp.file('live.db');
    const store = openSqliteStore(file);
    for (let i = 1; i <= 10; i++) store.audit.append(auditInput(i));
    expect(run(['--db', file]).code).toBe(0);
    store.audit.append(auditInput(11));
    expect(run(['--db', file]).out[0]).toMatch(/^audit trail intact: 11 records/);
    store.close();
  });

  it('exits 1 with the first broken sequence', () => {
    const file = trail('broken.db', 30);
    raw(file, (db) => db.prepare("UPDATE audit SET outcome = 'refused' WHERE seq = 17").run());
    expect(run(['--db', file])).toEqual({ code: 1, out: [], err: ['audit trail broken at sequence 17: record 17 was edited: its contents no longer match its hash'] });
  });

  it('exits 1 when the trail no longer contains an exported head', () => {
    const file = trail('expect.db', 5);
    expect(run(['--db', file, '--expect', `3:${'a'.repeat(64)}`])).toMatchObject({ code: 1, err: [expect.stringMatching(/^audit trail broken at sequence 3: record 3 does not match the exported head hash/)] });
  });

  it('exits 2 on bad input, with one line', () => {
    const missing = tmp.file('nope.db');
    expect(run(['--db', missing])).toEqual({ code: 2, out: [], err: [`no audit database at ${missing}`] });
    const notSqlite = tmp.file('text.db');
    writeFileSync(notSqlite, 'this is not a database, just some text that is long enough to have a header......\n'.repeat(20));
    expect(run(['--db', notSqlite])).toMatchObject({ code: 2, err: [expect.stringMatching(/is not a SQLite database/)] });
    const other = tmp.file('other.db');
    raw(other, (db) => db.exec('CREATE TABLE t (x)'));
    expect(run(['--db', other])).toEqual({ code: 2, out: [], err: [`${other} is not a Wenshu store (it has no audit trail)`] });
    expect(run(['--db', tmp.dir])).toMatchObject({ code: 2, err: [`${tmp.dir} is not a file`] });
    expect(run(['--db'])).toMatchObject({ code: 2, err: ['--db needs a file'] });
    expect(run(['--expect', '12'])).toMatchObject({ code: 2, err: [expect.stringMatching(/--expect needs SEQ:HASH/)] });
    expect(run(['--frobnicate']).code).toBe(2);
    for (const r of [run(['--db', missing]), run(['--db', other])]) expect(r.err.join('\n')).not.toContain('\n');
  });

  it('prints usage with --help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^usage: wenshu audit verify \[--db FILE\]/);
  });

  it('defaults to ./data/wenshu.db', () => {
    const cwd = process.cwd();
    process.chdir(tmp.dir);
    try {
      expect(run([])).toEqual({ code: 2, out: [], err: ['no audit database at ./data/wenshu.db'] });
    } finally {
      process.chdir(cwd);
    }
  });
});
