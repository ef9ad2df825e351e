// One gateway replica for `npm run bench:scale`, in its own process as in production: built code from dist/,
// silent logs, quotas too high to matter, one internal provider pointing at the fast fake upstream, and the store
// named by argv[3] (JSON: { sqlite } or { postgres: { url }, redis: { url } }). Reports its URL over IPC; stops on 'stop'.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');

const root = path.resolve(__dirname, '../..');
const dist = (p) => path.join(root, 'dist', p);

async function main() {
  const [upstreamUrl, storeJson] = process.argv.slice(2);
  if (!upstreamUrl || !storeJson) throw new Error('usage: replica-process.js UPSTREAM_URL STORE_JSON');
  const { startGateway } = require(dist('gateway/serve.js'));
  const { GatewayConfigSchema } = require(dist('gateway/config/schema.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-scale-bench-'));
  const store = JSON.parse(storeJson);
  const high = { requestsPerMinute: 100_000_000, tokensPerDay: 1_000_000_000_000 };
  const config = GatewayConfigSchema.parse({
    server: { host: '127.0.0.1', port: 0, logLevel: 'silent', shutdownGraceSeconds: 2 },
    store: { sqlite: store.sqlite ?? path.join(dir, 'wenshu.db'), ...(store.postgres ? { postgres: store.postgres, redis: store.redis } : {}) },
    templates: path.join(root, 'templates'),
    providers: [
      { id: 'offline', type: 'offline' },
      { id: 'local-llm', type: 'openai-compatible', baseUrl: `${upstreamUrl}/v1`, external: false, maxClassification: 'CONFIDENTIAL' },
    ],
    models: [
      { name: 'offline', deployments: [{ provider: 'offline' }] },
      { name: 'bench-model', deployments: [{ provider: 'local-llm' }] },
    ],
    defaultModel: 'offline',
    auth: { mode: 'development' },
    quotas: { free: { user: high, department: high, maxTokens: 4096 }, paid: { user: high, department: high, maxTokens: 4096 } },
  });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const gw = await startGateway({ config, logStream: sink, knowledge: false });
  // A shared store connects and migrates in the background: report only once ready.
  for (let i = 0; i < 200; i++) {
    const health = await gw.ctx.store.health?.();
    if (!health || health.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  process.send?.({ url: gw.url });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await gw.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    process.send?.({ stopped: true });
    setTimeout(() => process.exit(0), 50);
  };
  process.on('message', (m) => m === 'stop' && void stop());
  process.on('disconnect', () => void stop());
}

main().catch((err) => {
  process.send?.({ error: String((err && err.stack) || err) });
  process.exit(1);
});
