/**
 * One gateway replica in its own process, over the PostgreSQL and Redis the test started: the config (JSON)
 * comes in WENSHU_REPLICA_CONFIG; prints `listening <url>` once it serves. The test kills it with SIGKILL.
 */
require('./ts-register');
const { Writable } = require('node:stream');
const { GatewayConfigSchema } = require('../../../src/gateway/config/schema.ts');
const { startGateway } = require('../../../src/gateway/serve.ts');

const config = GatewayConfigSchema.parse(JSON.parse(process.env.WENSHU_REPLICA_CONFIG));
const quiet = new Writable({ write: (_chunk, _enc, cb) => cb() });
startGateway({ config, logStream: quiet, knowledge: false }).then(
  (gw) => process.stdout.write(`listening ${gw.url}\n`),
  (err) => {
    process.stderr.write(`replica failed to start: ${err.message}\n`);
    process.exit(1);
  },
);
