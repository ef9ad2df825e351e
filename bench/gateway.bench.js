#!/usr/bin/env node
// npm run bench:gateway — the latency the gateway adds over calling the model server directly.
//
// In one run, on loopback only:
// 1. starts a fast fake OpenAI-compatible upstream (bench/gateway/upstream-process.js: a fixed small completion,
//    or 5 chunks streamed without delays) and the gateway built in dist/ (bench/gateway/gateway-process.js:
//    embedded SQLite store in a temp folder, silent logs, high quotas), each in its own process;
// 2. at 1, 50 and 200 concurrent clients (one undici keep-alive connection each, a fixed number of requests
//    per client), measures non-streaming latency and streaming time to first token, directly against the
//    upstream and through the gateway, alternating the two in rounds so that drift hits both alike;
// 3. prints raw percentiles, the added p50/p99 (differences of percentiles), the gateway's throughput, and
//    whether the targets are met: added p50 <= 1 ms and p99 <= 5 ms at 50 concurrent clients.
//
// Options: --requests N (per phase and concurrency level, default 3000), --rounds N (default 2),
//          --levels 1,50,200, --json, --strict (exit 1 when a target is missed),
//          --profile (run the gateway under --cpu-prof and print its top self-time functions),
//          --synchronous FULL|NORMAL (the store's durability, default FULL as the gateway runs: every commit
//          fsynced, and every answer waits for its audit record; NORMAL only to measure what FULL costs).
'use strict';
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { Client } = require('undici');

const TARGET = { level: 50, p50: 1, p99: 5 };
const HERE = path.join(__dirname, 'gateway');

function parseArgs(argv) {
  const args = { requests: 3000, rounds: 2, levels: [1, 50, 200], json: false, strict: false, profile: false, synchronous: 'FULL' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive whole number`);
      return n;
    };
    if (a === '--requests') args.requests = num();
    else if (a === '--rounds') args.rounds = num();
    else if (a === '--levels') args.levels = String(argv[++i]).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    else if (a === '--json') args.json = true;
    else if (a === '--strict') args.strict = true;
    else if (a === '--profile') args.profile = true;
    else if (a === '--synchronous') {
      args.synchronous = String(argv[++i]).toUpperCase();
      if (!['FULL', 'NORMAL'].includes(args.synchronous)) throw new Error('--synchronous needs FULL or NORMAL');
    }
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

/** Forks a helper and waits for its first IPC message (its URL). */
function start(script, argv = [], execArgv = []) {
  const child = fork(script, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} did not start within 20 s`)), 20_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      if (m && m.url) resolve({ child, url: m.url });
      else reject(new Error(`${path.basename(script)} failed: ${m && m.error}`));
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
}

function stop(child, timeoutMs = 5_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(undefined);
    let reply;
    child.on('message', (m) => (reply = m));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(reply);
    });
    child.send('stop');
  });
}

const BODY = { model: 'bench-model', messages: [{ role: 'user', content: '請就街市清潔問題擬備回覆，語氣正式。' }], max_tokens: 64 };
const PLAIN = JSON.stringify(BODY);
const STREAM = JSON.stringify({ ...BODY, stream: true });
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer bench' };

/** One request; returns [ms to completion or to the first content chunk, ok]. */
async function once(client, stream) {
  const t0 = performance.now();
  const res = await client.request({ path: '/v1/chat/completions', method: 'POST', headers: HEADERS, body: stream ? STREAM : PLAIN });
  if (!stream) {
    await res.body.text();
    return [performance.now() - t0, res.statusCode === 200];
  }
  let first = -1;
  for await (const chunk of res.body) {
    if (first < 0 && chunk.includes('"content"')) first = performance.now() - t0;
  }
  return [first, res.statusCode === 200 && first >= 0];
}

/** `clients` loops of `perClient` sequential requests each, all at once. */
async function phase(clients, perClient, stream) {
  const samples = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < perClient; i++) {
        try {
          const [ms, ok] = await once(c, stream);
          if (ok) samples.push(ms);
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { samples, errors, seconds: (performance.now() - t0) / 1000 };
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(samples) {
  const s = Float64Array.from(samples).sort();
  return { n: s.length, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s[s.length - 1] };
}

async function measureLevel(urls, level, args) {
  const mk = (url) => Array.from({ length: level }, () => new Client(url, { pipelining: 1, keepAliveTimeout: 60_000 }));
  const direct = mk(urls.upstream);
  const gateway = mk(urls.gateway);
  const perClient = Math.max(5, Math.ceil(args.requests / level / args.rounds));
  const acc = { directPlain: [], gatewayPlain: [], directStream: [], gatewayStream: [] };
  const errors = { direct: 0, gateway: 0 };
  let gwPlainSeconds = 0;
  let gwPlainCount = 0;
  let gwStreamSeconds = 0;
  let gwStreamCount = 0;
  try {
    // warm-up: connections, JIT, SQLite pages
    const warm = Math.max(3, Math.ceil(200 / level));
    await phase(direct, warm, false);
    await phase(gateway, warm, false);
    await phase(direct, warm, true);
    await phase(gateway, warm, true);
    for (let round = 0; round < args.rounds; round++) {
      const order = round % 2 ? ['gateway', 'direct'] : ['direct', 'gateway'];
      for (const stream of [false, true]) {
        for (const who of order) {
          const r = await phase(who === 'direct' ? direct : gateway, perClient, stream);
          errors[who] += r.errors;
          const key = `${who}${stream ? 'Stream' : 'Plain'}`;
          for (const x of r.samples) acc[key].push(x);
          if (who === 'gateway' && !stream) {
            gwPlainSeconds += r.seconds;
            gwPlainCount += r.samples.length + r.errors;
          }
          if (who === 'gateway' && stream) {
            gwStreamSeconds += r.seconds;
            gwStreamCount += r.samples.length + r.errors;
          }
        }
      }
    }
  } finally {
    await Promise.all([...direct, ...gateway].map((c) => c.close().catch(() => undefined)));
  }
  const s = Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, summary(v)]));
  return {
    level,
    perClient: perClient * args.rounds,
    plain: { direct: s.directPlain, gateway: s.gatewayPlain, addedP50: s.gatewayPlain.p50 - s.directPlain.p50, addedP99: s.gatewayPlain.p99 - s.directPlain.p99 },
    ttft: { direct: s.directStream, gateway: s.gatewayStream, addedP50: s.gatewayStream.p50 - s.directStream.p50, addedP99: s.gatewayStream.p99 - s.directStream.p99 },
    throughput: { plain: gwPlainCount / gwPlainSeconds, stream: gwStreamCount / gwStreamSeconds },
    errors,
  };
}

const f = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const pad = (s, n) => String(s).padStart(n);

function printTable(results, verdicts, meta) {
  console.log(`Wenshu gateway overhead — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), loopback`);
  console.log(`fake upstream: fixed completion / 5 chunks, no delays; gateway from dist/, SQLite store (audit + quotas) in a temp dir`);
  console.log(`audit durability: synchronous=${meta.synchronous}${meta.synchronous === 'FULL' ? ' (as deployed)' : ' (comparison only)'}; every answer waits for its record's commit\n`);
  const head = ['clients', 'req/client', 'kind', 'direct p50', 'p90', 'p99', 'gateway p50', 'p90', 'p99', 'added p50', 'added p99', 'gw req/s'];
  const widths = [7, 10, 14, 10, 7, 7, 11, 7, 7, 9, 9, 8];
  const line = (cells) => console.log(cells.map((c, i) => pad(c, widths[i])).join(' '));
  line(head);
  for (const r of results) {
    for (const [kind, m, tp] of [
      ['non-stream ms', r.plain, r.throughput.plain],
      ['first token ms', r.ttft, r.throughput.stream],
    ]) {
      line([r.level, r.perClient, kind, f(m.direct.p50), f(m.direct.p90), f(m.direct.p99), f(m.gateway.p50), f(m.gateway.p90), f(m.gateway.p99), f(m.addedP50), f(m.addedP99), f(tp, 0)]);
    }
    if (r.errors.direct || r.errors.gateway) console.log(`        errors: direct ${r.errors.direct}, gateway ${r.errors.gateway}`);
  }
  console.log('');
  for (const v of verdicts) console.log(`${v.ok ? 'MET   ' : 'MISSED'} ${v.what}: ${f(v.value)} ms (target <= ${v.target} ms)`);
  if (meta.audit) console.log(`audit trail after the run: ${meta.audit.ok ? `intact, ${meta.audit.count} records` : `BROKEN at ${meta.audit.brokenAt}: ${meta.audit.reason}`}`);
  console.log(`total time ${f(meta.seconds, 1)} s`);
}

function topCosts(dir, limit = 15) {
  const files = fs.readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'));
  if (!files.length) return [];
  const profile = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
  const self = new Map();
  const dt = profile.timeDeltas || [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map();
  (profile.samples || []).forEach((id, i) => time.set(id, (time.get(id) || 0) + (dt[i] || 0)));
  let total = 0;
  for (const [id, us] of time) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const where = cf.url ? `${cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) || 0) + us);
    total += us;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(__dirname, '..', 'dist', 'gateway', 'serve.js'))) {
    throw new Error('dist/gateway is missing: run `npm run build:node` first (npm run bench:gateway does)');
  }
  const t0 = performance.now();
  const profileDir = args.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-prof-')) : undefined;
  const upstream = await start(path.join(HERE, 'upstream-process.js'));
  let gateway;
  let meta = {};
  const results = [];
  try {
    meta.synchronous = args.synchronous;
    gateway = await start(path.join(HERE, 'gateway-process.js'), [upstream.url, args.synchronous], profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
    for (const level of args.levels) results.push(await measureLevel({ upstream: upstream.url, gateway: gateway.url }, level, args));
  } finally {
    const reply = gateway ? await stop(gateway.child) : undefined;
    await stop(upstream.child);
    meta.audit = reply && reply.audit;
  }
  meta.seconds = (performance.now() - t0) / 1000;

  const at = results.find((r) => r.level === TARGET.level);
  const verdicts = at
    ? [
        { what: `added p50, non-streaming, ${TARGET.level} clients`, value: at.plain.addedP50, target: TARGET.p50 },
        { what: `added p99, non-streaming, ${TARGET.level} clients`, value: at.plain.addedP99, target: TARGET.p99 },
        { what: `added p50, time to first token, ${TARGET.level} clients`, value: at.ttft.addedP50, target: TARGET.p50 },
        { what: `added p99, time to first token, ${TARGET.level} clients`, value: at.ttft.addedP99, target: TARGET.p99 },
      ].map((v) => ({ ...v, ok: v.value <= v.target }))
    : [];

  if (args.json) console.log(JSON.stringify({ results, verdicts, ...meta }, null, 2));
  else printTable(results, verdicts, meta);

  if (profileDir) {
    const top = topCosts(profileDir);
    console.log('\ngateway CPU profile, top self time:');
    for (const t of top) console.log(`  ${f(t.share * 100, 1).padStart(5)}%  ${f(t.ms, 0).padStart(6)} ms  ${t.name}`);
    console.log(`  (profile in ${profileDir})`);
  }
  const errors = results.reduce((n, r) => n + r.errors.direct + r.errors.gateway, 0);
  if (errors) console.log(`\n${errors} requests failed`);
  if (args.strict && (verdicts.some((v) => !v.ok) || errors)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(2);
});
