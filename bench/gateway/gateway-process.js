// The gateway under test for `npm run bench:gateway`, in its own process as in production: built code from
// dist/gateway, its embedded SQLite store in a temporary folder, silent logs, quotas too high to matter,
// one internal provider (local-llm) pointing at the fake upstream. Reports its URL over IPC; stops on 'stop'.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Writable } = require('node:stream');

const root = path.resolve(__dirname, '../..');
const dist = (p) => path.join(root, 'dist', p);

async function main() {
  const upstreamUrl = process.argv[2];
  if (!upstreamUrl) throw new Error('usage: gateway-process.js UPSTREAM_URL');
  const { startGateway } = require(dist('gateway/serve.js'));
  const { GatewayConfigSchema } = require(dist('gateway/config/schema.js'));
  const { openSqliteStore } = require(dist('gateway/store/sqlite.js'));
  const synchronous = process.argv[3] === 'NORMAL' ? 'NORMAL' : 'FULL';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-bench-'));
  const high = { requestsPerMinute: 100_000_000, tokensPerDay: 1_000_000_000_000 };
  const config = GatewayConfigSchema.parse({
    server: { host: '127.0.0.1', port: 0, logLevel: 'silent', shutdownGraceSeconds: 2 },
    store: { sqlite: path.join(dir, 'wenshu.db') },
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
  // The store opened here only to choose its durability; the HMAC secret and checkpoints go beside it as usual.
  const store = openSqliteStore(config.store.sqlite, { synchronous });
  const gw = await startGateway({ config, store, logStream: sink });
  process.send?.({ url: gw.url });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const audit = gw.ctx.store.audit.verify();
    await gw.stop();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.send?.({ stopped: true, audit });
    // let the message go before exiting (and --cpu-prof write its profile)
    setTimeout(() => process.exit(0), 50);
  };
  process.on('message', (m) => m === 'stop' && void stop());
  process.on('disconnect', () => void stop());
}

main().catch((err) => {
  process.send?.({ error: String((err && err.stack) || err) });
  process.exit(1);
});
