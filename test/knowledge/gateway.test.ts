/**
 * The gateway's knowledge: POST /v1/knowledge/search in the caller's department only, and drafts grounded in it
 * (sources in the meta event, <knowledge> with [n] in the prompt, standard wording in the offline draft).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { GatewayConfigSchema } from '../../src/gateway/config/schema';
import { generateApiKey } from '../../src/gateway/policy/api-keys';
import { startGateway, type RunningGateway } from '../../src/gateway/serve';
import { openSqliteStore, type SqliteStore } from '../../src/gateway/store/sqlite';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { parseSse, testConfig } from '../gateway/support/gateway';
import { loadEval, tempDir } from './helpers';

const fehdKey = generateApiKey();
const tdKey = generateApiKey();

let upstream: FakeUpstream;
let gw: RunningGateway;
let store: SqliteStore;
let dir: string;
const logs: string[] = [];

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  dir = tempDir('wenshu-kgw-');
  const config = GatewayConfigSchema.parse(
    testConfig(upstream, {
      server: { logLevel: 'info' },
      auth: {
        apiKeys: [
          { id: 'fehd-svc', name: 'FEHD service', department: 'fehd', sha256: fehdKey.sha256 },
          { id: 'td-svc', name: 'TD service', department: 'td', sha256: tdKey.sha256 },
        ],
      },
    }),
  );
  store = openSqliteStore(':memory:');
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  gw = await startGateway({ config, store, logStream, knowledge: { dbPath: join(dir, 'knowledge.db') } });
  // The index is built in the background after the gateway starts listening.
  await gw.ctx.knowledge!.idle();
});

afterAll(async () => {
  await gw?.stop();
  store?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => upstream.reset());

async function post(path: string, body: unknown, key = fehdKey.key, headers: Record<string, string> = {}) {
  const res = await request(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) };
}

describe('startup', () => {
  it('indexed the bundled knowledge in the background and logged it', () => {
    expect(logs.join('')).toContain('knowledge index up to date');
    expect(gw.ctx.knowledge!.indexing).toBe(false);
  });
});

describe('POST /v1/knowledge/search', () => {
  it('finds passages of the caller’s department with file, heading and score', async () => {
    const r = await post('/v1/knowledge/search', { query: '暫准牌照可以續期嗎？', k: 3 });
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ department: 'fehd', mode: 'lexical', indexing: false });
    expect(body.results).toHaveLength(3);
    expect(body.results[0]).toEqual({
      n: 1,
      id: expect.stringMatching(/^fehd\/knowledge\/.+#\d+$/),
      title: expect.any(String),
      heading: expect.any(String),
      file: expect.stringMatching(/^fehd\/knowledge\//),
      text: expect.any(String),
      lang: expect.any(String),
      shared: false,
      classification: 'UNCLASSIFIED',
      score: expect.any(Number),
    });
    expect(body.results.some((x: { text: string }) => x.text.includes('暫准牌照不可續期'))).toBe(true);
  });

  it('never returns another department’s passage, whatever is asked', async () => {
    for (const q of loadEval()) {
      for (const [key, dept] of [
        [fehdKey.key, 'fehd'],
        [tdKey.key, 'td'],
      ] as const) {
        const r = await post('/v1/knowledge/search', { query: q.question, k: 20 }, key);
        expect(r.status).toBe(200);
        for (const hit of r.json().results) {
          const ok = hit.file.startsWith(`${dept}/`) || hit.shared === true;
          expect(ok ? 'ok' : `${dept} got ${hit.id}`).toBe('ok');
        }
      }
    }
  });

  it('takes no department from the request, and checks the body', async () => {
    expect((await post('/v1/knowledge/search', { query: 'x', department: 'td' })).status).toBe(400);
    expect((await post('/v1/knowledge/search', { query: '' })).json().error.message).toMatch(/query/);
    expect((await post('/v1/knowledge/search', { query: 'x', k: 100 })).status).toBe(400);
    expect((await post('/v1/knowledge/search', { query: 'x' }, 'wsk_wrong')).status).toBe(401);
  });

  it('is audited like every call (hashes, not text)', async () => {
    await post('/v1/knowledge/search', { query: 'unique audit probe 鼠患' });
    gw.ctx.writes.flush();
    const records = store.audit.list({ limit: 10_000 }).filter((r) => r.endpoint === 'POST /v1/knowledge/search');
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain('unique audit probe');
  });
});

const FIELDS = {
  ourRef: '(12) in FEHD HQ/1234/56',
  receivedDate: '2025-03-01',
  channel: 'email',
  addressee: 'Mr CHAN Tai-man',
  subject: 'Rats in the back lane of our building',
  contactOfficer: 'Mr LEE Ka-ming, Senior Health Inspector',
  contactPhone: '2868 0000',
  signatoryName: 'Miss WONG Mei-ling',
};

describe('POST /v1/drafts with knowledge', () => {
  const draft = (over: Record<string, unknown> = {}) => ({ template: 'fehd/reply-public', fields: FIELDS, keyPoints: ['Rodent control inside private buildings is the responsibility of the owners.'], lang: 'en', ...over });

  it('lists the retrieved passages in the meta event and places standard wording in the offline draft', async () => {
    const r = await post('/v1/drafts', draft());
    expect(r.status).toBe(200);
    const events = parseSse(r.text);
    const meta = JSON.parse(events[0].data);
    expect(meta.composer).toBe('offline');
    expect(meta.sources.length).toBeGreaterThan(0);
    expect(meta.sources[0]).toEqual({ n: 1, title: expect.any(String), heading: expect.any(String), file: expect.stringMatching(/^(fehd|shared)\/knowledge\//) });
    expect(meta.sources.some((s: { file: string }) => s.file === 'fehd/knowledge/faq/pest-control-faq.md')).toBe(true);
    const done = JSON.parse(events[events.length - 1].data);
    expect(done.text).toMatch(/\(Source: [^)]+\)/);
    expect(done.text).toContain('Rodent control inside private buildings');
  });

  it('gives the model the passages in <knowledge> with [n] and asks it to cite them', async () => {
    upstream.enqueue({ chunks: ['Dear Mr CHAN,\n\n', 'Owners are responsible [1].'] });
    const r = await post('/v1/drafts', draft({ model: 'local' }));
    expect(r.status).toBe(200);
    const meta = JSON.parse(parseSse(r.text)[0].data);
    const [req] = upstream.chatRequests;
    const [system, user] = req.body.messages;
    expect(system.content).toContain('cite it as [n]');
    // The knowledge block's tag carries a per-request nonce (<knowledge-xxxx>), so a passage cannot close it.
    const block = /<knowledge-[a-z0-9]+>([\s\S]*?)<\/knowledge-[a-z0-9]+>/.exec(user.content)?.[1] ?? '';
    expect(block).toContain('[1] ');
    meta.sources.forEach((s: { n: number; title: string }) => expect(block).toContain(`[${s.n}] ${s.title}`));
    expect(block).toContain('Rodent control inside private buildings');
  });

  it('grounds a draft in the caller’s own department only', async () => {
    // A td officer drafting about rodents: fehd's pest control FAQ would match, but is not td's.
    const r = await post('/v1/drafts', { template: 'td/reply-public', fields: { ...FIELDS, ourRef: '(1) in TD/1/2', subject: 'Rats and rodent control at the bus terminus' }, keyPoints: ['Rodent control inside private buildings is the responsibility of the owners.'], lang: 'en' }, tdKey.key, { accept: 'application/json' });
    expect(r.status).toBe(200);
    const sources = r.json().sources as Array<{ file: string }>;
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s.file.startsWith('td/') || s.file.startsWith('shared/')).toBe(true);
  });

  it('drafts without sources when nothing relevant is found', async () => {
    const r = await post('/v1/drafts', draft({ fields: { ...FIELDS, subject: 'Zzyzx' }, keyPoints: ['Qwertyuiop.'] }), fehdKey.key, { accept: 'application/json' });
    expect(r.status).toBe(200);
    expect(r.json().sources).toEqual([]);
  });
});
