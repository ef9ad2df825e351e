/** The gateway indexes in the background at start, survives a damaged index file, and works without knowledge. */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request } from 'undici';
import { GatewayConfigSchema } from '../../src/gateway/config/schema';
import { startGateway, type StartOptions } from '../../src/gateway/serve';
import { openSqliteStore } from '../../src/gateway/store/sqlite';
import { testConfig } from '../gateway/support/gateway';
import { tempDir, writeTemplates } from './helpers';

let dir: string;
beforeEach(() => {
  dir = tempDir('wenshu-kgs-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function start(templates: string, knowledge: StartOptions['knowledge']) {
  const store = openSqliteStore(':memory:');
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _e, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const gw = await startGateway({ config: GatewayConfigSchema.parse(testConfig(undefined, { templates })), store, logStream, knowledge });
  return {
    gw,
    logs,
    async stop() {
      await gw.stop();
      store.close();
    },
  };
}

it('answers requests while it indexes', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) files[`dev/knowledge/doc-${i}.md`] = `# Doc ${i}\n\n${Array.from({ length: 8 }, (_, j) => `${j + 1}. 第${i}號文件第${j}段：公眾街市的清潔承辦商每日清潔兩次，並在收市後徹底清洗地面及排水渠。`).join('\n\n')}\n`;
  const templates = writeTemplates(join(dir, 'templates'), files);
  const { gw, stop } = await start(templates, { dbPath: join(dir, 'k.db') });
  try {
    expect(gw.ctx.knowledge!.indexing).toBe(true);
    const res = await request(`${gw.url}/healthz`);
    await res.body.text();
    expect(res.statusCode).toBe(200);
    const search = await request(`${gw.url}/v1/knowledge/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '清潔承辦商' }) });
    const body = (await search.body.json()) as { indexing: boolean };
    expect(search.statusCode).toBe(200);
    // Both answered before the index was complete.
    expect(body.indexing).toBe(true);
    await gw.ctx.knowledge!.idle();
    const after = await request(`${gw.url}/v1/knowledge/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '清潔承辦商', k: 3 }) });
    expect(((await after.body.json()) as { results: unknown[] }).results).toHaveLength(3);
  } finally {
    await stop();
  }
});

it('moves a damaged index aside and rebuilds it', async () => {
  const templates = writeTemplates(join(dir, 'templates'), { 'dev/knowledge/a.md': '# A\n\n1. Hawker licences are personal to the licensee and may not be sublet or assigned.\n' });
  const db = join(dir, 'k.db');
  writeFileSync(db, 'this is not a database, but it is long enough to look like a file header of one'.repeat(20));
  const { gw, logs, stop } = await start(templates, { dbPath: db });
  try {
    await gw.ctx.knowledge!.idle();
    expect(logs.join('')).toContain('knowledge index was damaged; rebuilding it');
    expect(readdirSync(dir).some((f) => f.startsWith('k.db.damaged-'))).toBe(true);
    expect(gw.ctx.knowledge!.searchLexical('dev', 'hawker licence', 1)).toHaveLength(1);
  } finally {
    await stop();
  }
  expect(existsSync(db)).toBe(true);
});

it('serves without knowledge when told to, answering the search route with 503', async () => {
  const templates = writeTemplates(join(dir, 'templates'), { 'dev/knowledge/a.md': '# A\n\ntext\n' });
  const { gw, stop } = await start(templates, false);
  try {
    expect(gw.ctx.knowledge).toBeUndefined();
    const res = await request(`${gw.url}/v1/knowledge/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'x' }) });
    expect(res.statusCode).toBe(503);
    expect(((await res.body.json()) as { error: { code: string } }).error.code).toBe('knowledge_unavailable');
  } finally {
    await stop();
  }
});
