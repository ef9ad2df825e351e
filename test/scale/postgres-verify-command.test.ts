/** `wenshu audit verify --postgres URL`: intact, the first broken record, an exported head, bad input. */
import { auditCommand } from '../../src/cli/commands/audit';
import { openPostgresStore, type PostgresStore } from '../../src/gateway/store/postgres-store';
import type { AuditInput } from '../../src/gateway/types';
import { describeWithServers, freePort, missingServers, startServers, type Servers } from '../support/servers';

const rec = (i: number): AuditInput => ({ time: new Date(Date.UTC(2026, 2, 2, 10, 0, i)).toISOString(), userId: `u${i}`, department: 'td', endpoint: '/v1/drafts', classification: 'none', redactions: 0, promptTokens: i, completionTokens: i, outcome: 'ok', status: 200, latencyMs: 3, requestHash: 'a'.repeat(64), responseHash: 'b'.repeat(64) });

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env, cwd: process.cwd() };
  const code = await auditCommand(['verify', ...args], io as never);
  return { code, stdout, stderr };
}

describeWithServers('wenshu audit verify --postgres', () => {
  let servers: Servers;
  let store: PostgresStore;
  let url: string;
  beforeAll(async () => {
    if (missingServers().length) return;
    servers = await startServers();
    url = await servers.postgres.createDatabase('verify_cli');
    store = openPostgresStore({ postgresUrl: url, redisUrl: servers.redis.url });
    await store.started;
    for (let i = 1; i <= 8; i++) await store.audit.append(rec(i));
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await servers?.stop();
  }, 60_000);

  it('an intact trail: exit 0, the count and the head to export', async () => {
    const head = await store.audit.head();
    const r = await run(['--postgres', url]);
    expect(r).toEqual({ code: 0, stdout: `audit trail intact: 8 records; head seq 8 hash ${head.hash}\n`, stderr: '' });
    // The URL may come from the environment instead of the command line.
    expect((await run(['--postgres-env', 'WENSHU_TEST_PG'], { WENSHU_TEST_PG: url })).code).toBe(0);
    expect((await run(['--postgres', url, '--expect', `8:${head.hash}`])).code).toBe(0);
  });

  it('an exported head that no longer matches: exit 1 at that record', async () => {
    const r = await run(['--postgres', url, '--expect', `5:${'c'.repeat(64)}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('audit trail broken at sequence 5: record 5 does not match the exported head hash: the chain up to 5 was rewritten\n');
  });

  it('an edited record: exit 1 and the first broken sequence', async () => {
    await store.pool.query(`UPDATE audit SET fields = jsonb_set(fields::jsonb, '{userId}', '"someone-else"')::json WHERE seq IN (3, 6)`);
    try {
      const r = await run(['--postgres', url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('audit trail broken at sequence 3: record 3 does not match its hash: the record or its hash was edited\n');
    } finally {
      await store.pool.query(`UPDATE audit SET fields = jsonb_set(fields::jsonb, '{userId}', to_jsonb('u' || seq))::json WHERE seq IN (3, 6)`);
    }
    expect((await run(['--postgres', url])).code).toBe(0);
  });

  it('bad input and unreachable servers: exit 2 with a reason, never the password', async () => {
    expect(await run([])).toMatchObject({ code: 2 });
    expect(await run(['--postgres'])).toMatchObject({ code: 2, stderr: '--postgres needs a URL\n' });
    expect(await run(['--postgres-env', 'WENSHU_UNSET_VARIABLE'])).toMatchObject({ code: 2, stderr: 'the environment variable WENSHU_UNSET_VARIABLE is not set\n' });
    const port = await freePort();
    const r = await run(['--postgres', `postgres://wenshu:s3cret-pw@127.0.0.1:${port}/x`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cannot read the audit trail from PostgreSQL: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain('s3cret-pw');
    const other = await servers.postgres.createDatabase('not_wenshu');
    expect(await run(['--postgres', other])).toMatchObject({ code: 2, stderr: 'that database is not a Wenshu store (it has no audit trail)\n' });
  });
});
