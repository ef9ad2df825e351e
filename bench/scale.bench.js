#!/usr/bin/env node
// npm run bench:scale — what the shared store costs, and what replicas add, on this machine.
//
// In one run, on loopback only, with throwaway PostgreSQL 15 and Redis 7 (started as the tests start them:
// test/support/servers.ts) and the fast fake upstream of bench:gateway in its own process:
// 1. store cost per request: reserve + reconcile + audit append, awaited one request at a time (the latency a
//    request pays) and 50 at a time (the throughput cost), SQLite against PostgreSQL+Redis, in µs;
// 2. end to end: one SQLite gateway process, then 1, 2 and 3 replica processes over one PostgreSQL and one Redis,
//    each loaded with the same number of non-streaming requests from 50 concurrent keep-alive clients spread
//    round robin over the replicas; prints throughput, p50/p99 latency, the latency added over calling the
//    upstream directly, and the throughput ratios (2 vs 1 replica, 3 vs 1).
// On a 2-core machine every replica, PostgreSQL, Redis, the upstream and the load generator share the same two
// cores, so replicas cannot add throughput here; the figure to watch is the per-request store cost.
//
// Options: --requests N (per configuration, default 3000), --concurrency N (default 50), --json.
'use strict';
const { fork } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { Client } = require('undici');

require('../test/scale/support/ts-register');
const { startServers } = require('../test/support/servers.ts');

const root = path.resolve(__dirname, '..');
const dist = (p) => path.join(root, 'dist', p);

function parseArgs(argv) {
  const args = { requests: 3000, concurrency: 50, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive whole number`);
      return n;
    };
    if (a === '--requests') args.requests = num();
    else if (a === '--concurrency') args.concurrency = num();
    else if (a === '--json') args.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

function start(script, argv = []) {
  const child = fork(script, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} did not start within 60 s`)), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      if (m && m.url) resolve({ child, url: m.url });
      else reject(new Error(`${path.basename(script)} failed: ${m && m.error}`));
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send('stop');
  });
}

const BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: '請就街市清潔問題擬備回覆，語氣正式。' }], max_tokens: 64 });
const HEADERS = { 'content-type': 'application/json' };

/** `total` requests from `width` keep-alive clients, spread round robin over `urls`; latencies in ms. */
async function load(urls, total, width, pathName = '/v1/chat/completions') {
  const clients = Array.from({ length: width }, (_, i) => new Client(urls[i % urls.length], { pipelining: 1 }));
  const latencies = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < total) {
        next++;
        const s = performance.now();
        const res = await client.request({ method: 'POST', path: pathName, headers: HEADERS, body: BODY });
        await res.body.text();
        if (res.statusCode !== 200) failures++;
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { rps: total / seconds, p50: pct(50), p99: pct(99), failures };
}

/** Store cost of one request (reserve, reconcile, append) in µs, sequentially and `width` at a time. */
async function storeCost(store, n, width) {
  const limits = { requestsPerMinute: 1e9, tokensPerDay: 1e15 };
  const one = async (i) => {
    const r = await store.quotas.reserve({ userId: `u${i % 50}`, department: 'td', tokens: 100, user: limits, departmentLimits: limits, now: new Date() });
    await store.quotas.reconcile(r.reservation, 60);
    await store.audit.append({ time: new Date().toISOString(), userId: `u${i % 50}`, department: 'td', endpoint: '/v1/chat/completions', model: 'bench-model', provider: 'local-llm', classification: 'UNCLASSIFIED -> local-llm', redactions: 0, promptTokens: 20, completionTokens: 40, outcome: 'ok', status: 200, latencyMs: 3.2, requestHash: 'a'.repeat(64), responseHash: 'b'.repeat(64) });
  };
  for (let i = 0; i < 100; i++) await one(i); // warm up
  let t = performance.now();
  for (let i = 0; i < n; i++) await one(i);
  const sequential = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < n) await one(next++); }));
  const concurrent = ((performance.now() - t) * 1000) / n;
  return { sequential, concurrent };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { openSqliteStore } = require(dist('gateway/store/sqlite.js'));
  const { openPostgresStore } = require(dist('gateway/store/postgres-store.js'));
  const servers = await startServers();
  const upstream = await start(path.join(__dirname, 'gateway/upstream-process.js'));
  const results = { store: {}, endToEnd: [] };
  try {
    // 1. store cost
    const fs = require('node:fs');
    const os = require('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-scale-cost-'));
    const sqlite = openSqliteStore(path.join(dir, 'cost.db'));
    results.store.sqlite = await storeCost(sqlite, 2000, args.concurrency);
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const costUrl = await servers.postgres.createDatabase('bench_cost');
    const shared = openPostgresStore({ postgresUrl: costUrl, redisUrl: servers.redis.url, prefix: 'cost:' });
    await shared.started;
    results.store.postgres = await storeCost(shared, 2000, args.concurrency);
    await shared.close();

    // 2. end to end
    const direct = await load([upstream.url], args.requests, args.concurrency);
    results.direct = direct;
    const configs = [
      { name: 'SQLite, 1 process', replicas: 1 },
      ...[1, 2, 3].map((k) => ({ name: `PostgreSQL+Redis, ${k} replica${k > 1 ? 's' : ''}`, replicas: k, shared: true })),
    ];
    let db = 0;
    for (const c of configs) {
      let storeJson = JSON.stringify({});
      if (c.shared) {
        const url = await servers.postgres.createDatabase(`bench_e2e_${++db}`);
        storeJson = JSON.stringify({ postgres: { url }, redis: { url: `${servers.redis.url}/${db}` } });
      }
      const replicas = [];
      for (let i = 0; i < c.replicas; i++) replicas.push(await start(path.join(__dirname, 'scale/replica-process.js'), [upstream.url, storeJson]));
      const urls = replicas.map((r) => r.url);
      await load(urls, Math.min(500, args.requests), args.concurrency); // warm up
      const r = await load(urls, args.requests, args.concurrency);
      results.endToEnd.push({ name: c.name, replicas: c.replicas, ...r, addedP50: r.p50 - direct.p50, addedP99: r.p99 - direct.p99 });
      await Promise.all(replicas.map((x) => stop(x.child)));
    }
  } finally {
    await stop(upstream.child);
    await servers.stop();
  }

  if (args.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  const f = (n, d = 1) => n.toFixed(d).padStart(8);
  console.log(`\nstore cost per request (reserve + reconcile + audit append), µs:`);
  console.log(`  ${'store'.padEnd(20)} ${'one at a time'.padStart(14)} ${`${args.concurrency} at a time`.padStart(14)}`);
  for (const [k, v] of Object.entries(results.store)) console.log(`  ${(k === 'sqlite' ? 'SQLite' : 'PostgreSQL+Redis').padEnd(20)} ${f(v.sequential).padStart(14)} ${f(v.concurrent).padStart(14)}`);
  console.log(`\nend to end: ${args.requests} non-streaming requests, ${args.concurrency} concurrent clients, same fake upstream (${os_cpus()} CPUs)`);
  console.log(`  ${'configuration'.padEnd(30)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'+p50 ms'.padStart(8)} ${'+p99 ms'.padStart(8)} failures`);
  console.log(`  ${'upstream directly'.padEnd(30)} ${f(results.direct.rps, 0)} ${f(results.direct.p50, 2)} ${f(results.direct.p99, 2)} ${''.padStart(8)} ${''.padStart(8)} ${results.direct.failures}`);
  for (const r of results.endToEnd) console.log(`  ${r.name.padEnd(30)} ${f(r.rps, 0)} ${f(r.p50, 2)} ${f(r.p99, 2)} ${f(r.addedP50, 2)} ${f(r.addedP99, 2)} ${r.failures}`);
  const one = results.endToEnd.find((r) => r.replicas === 1 && r.name.startsWith('PostgreSQL'));
  for (const k of [2, 3]) {
    const r = results.endToEnd.find((x) => x.replicas === k);
    if (one && r) console.log(`  throughput ratio ${k} vs 1 replica: ${(r.rps / one.rps).toFixed(2)}`);
  }
  const sq = results.endToEnd[0];
  if (one) console.log(`  throughput ratio PostgreSQL+Redis (1 replica) vs SQLite: ${(one.rps / sq.rps).toFixed(2)}`);
}

function os_cpus() {
  return require('node:os').cpus().length;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
