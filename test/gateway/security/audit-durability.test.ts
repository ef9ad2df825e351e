/**
 * Issue 9, audit: "records still in the write-behind queue are lost on a crash", and SIGTERM. Runs the built
 * gateway (`wenshu serve --dev` over dist/) on a real SQLite file in a temp dir:
 * - killed with SIGKILL straight after its answers, every answered call has its record (it was committed
 *   before the answer was sent);
 * - stopped with SIGTERM, the records still queued (refusals, the shutdown's refusal summary) are written.
 * Then `wenshu audit purge` on the same file: kept text past its expiry is deleted, the chain still verifies.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { openSqliteStore } from '../../../src/gateway/store/sqlite';
import { auditInput } from '../store/helpers';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'wenshu.js');
const TEMPLATES = join(ROOT, 'templates');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run npm run build:node first');
});
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wenshu-durable-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `wenshu serve --dev` and resolves with its URL once it logs that it listens. */
function serve(db: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const config = join(dir, 'wenshu.yaml');
  writeFileSync(config, `server: { host: 127.0.0.1, port: 0, logLevel: info }\nstore: { sqlite: ${JSON.stringify(db)} }\ntemplates: ${JSON.stringify(TEMPLATES)}\naudit: { refusals: { perWindow: 2, windowSeconds: 3600 } }\n`);
  const child = spawn(process.execPath, [BIN, 'serve', '--dev', '--config', config], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the gateway did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], exited });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => reject(new Error(`the gateway exited: ${out}`)));
  });
}

const ask = (url: string, i: number) =>
  request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'offline', messages: [{ role: 'user', content: `question ${i}` }] }) }).then(async (r) => ({
    status: r.statusCode,
    id: r.headers['x-request-id'] as string,
    body: await r.body.text(),
  }));

describe('audit durability', () => {
  it('every call answered before a SIGKILL has its record in the file', async () => {
    const db = join(dir, 'wenshu.db');
    const gw = await serve(db);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(gw.url, i)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    gw.child.kill('SIGKILL');
    await gw.exited;
    const store = openSqliteStore(db);
    try {
      const ids = new Set(store.audit.list({ limit: 1000 }).map((r) => r.requestId));
      for (const a of answers) expect(ids.has(a.id)).toBe(true);
      expect(store.audit.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('SIGTERM writes what is still queued (the refusal summary) before the process exits', async () => {
    const db = join(dir, 'wenshu.db');
    const gw = await serve(db);
    // Requests for paths that do not exist: refusals, rate-limited per source (2 recorded, the rest counted).
    for (let i = 0; i < 12; i++) await (await request(`${gw.url}/no-such-path-${i}`)).body.dump();
    expect((await ask(gw.url, 1)).status).toBe(200);
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toBe(0);
    const store = openSqliteStore(db);
    try {
      const list = store.audit.list({ limit: 1000 });
      expect(list.filter((r) => r.endpoint.includes('/v1/chat/completions'))).toHaveLength(1);
      expect(list.filter((r) => r.status === 404)).toHaveLength(2);
      // Written by the shutdown, after the last request.
      expect(list[list.length - 1]).toMatchObject({ endpoint: 'refusals not recorded (rate limit)', ip: '127.0.0.1', outcome: 'refused', suppressed: 10 });
      expect(store.audit.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('wenshu audit purge deletes kept text past its expiry and leaves the chain verifying', () => {
    const db = join(dir, 'wenshu.db');
    const store = openSqliteStore(db);
    store.audit.append(auditInput(1, { text: { request: '{"q":"old"}', response: 'old reply', expiresAt: '2020-01-01T00:00:00Z' } }));
    store.audit.append(auditInput(2, { text: { request: '{"q":"new"}', response: 'new reply', expiresAt: '2999-01-01T00:00:00Z' } }));
    store.close();
    const r = spawnSync(process.execPath, [BIN, 'audit', 'purge', '--db', db], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^purged the kept text of 1 record \(expired before /);
    const after = openSqliteStore(db);
    try {
      expect(after.audit.list().map((x) => x.text?.request ?? null)).toEqual([null, '{"q":"new"}']);
      expect(after.audit.verify()).toEqual({ ok: true, count: 2 });
    } finally {
      after.close();
    }
    const v = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--db', db], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(v.status).toBe(0);
  });
});
