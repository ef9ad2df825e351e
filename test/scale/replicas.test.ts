/**
 * Several gateway replicas over ONE PostgreSQL and ONE Redis (real servers started by the test), requests spread
 * across them with the real openai client: quotas are shared exactly, the audit trail is one chain without forks,
 * a replica killed with SIGKILL mid-stream corrupts nothing and the others keep serving, Redis restarting means
 * refusals (503) while it is away and normal service after, and a replica without PostgreSQL is not ready.
 * Two replicas run in this process; the one that is killed runs in a child process (support/replica-child.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import OpenAI from 'openai';
import { Pool } from 'pg';
import { GatewayConfigSchema } from '../../src/gateway/config/schema';
import { startGateway, type RunningGateway } from '../../src/gateway/serve';
import { verifyPostgresChain } from '../../src/gateway/store/postgres-audit';
import type { PostgresStore } from '../../src/gateway/store/postgres-store';
import { FakeUpstream } from '../gateway/support/fake-upstream';
import { testConfig } from '../gateway/support/gateway';
import { describeWithServers, freePort, missingServers, startServers, type Servers } from '../support/servers';

const HIGH = { requestsPerMinute: 100_000, tokensPerDay: 1_000_000_000 };
const ask = { model: 'local', messages: [{ role: 'user' as const, content: 'hi' }], max_tokens: 20 };

function replicaConfig(upstream: FakeUpstream, postgresUrl: string, redisUrl: string, quotas?: { user: typeof HIGH; department: typeof HIGH }) {
  const tier = { ...(quotas ?? { user: HIGH, department: HIGH }), maxTokens: 256 };
  return testConfig(upstream, {
    server: { logLevel: 'warn' },
    store: { sqlite: ':memory:', postgres: { url: postgresUrl }, redis: { url: redisUrl } },
    quotas: { free: tier, paid: tier },
  });
}

async function startReplica(config: Record<string, unknown>): Promise<RunningGateway> {
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  return startGateway({ config: GatewayConfigSchema.parse(config), logStream: quiet, knowledge: false });
}

async function waitReady(url: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    if (r?.status === 200) return;
    if (Date.now() > until) throw new Error(`${url} did not become ready: ${r ? await r.text() : 'no answer'}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

function settle<T>(p: Promise<T>) {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: any) => ({ ok: false as const, error }),
  );
}

/** Keeps `width` calls in flight until `total` have been made. */
async function pooled<T>(total: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < total) {
        const i = next++;
        out[i] = await call(i);
      }
    }),
  );
  return out;
}

function replicaOf(gw: RunningGateway): string {
  return (gw.ctx.store as PostgresStore).audit.replica;
}

async function auditCount(pool: Pool): Promise<number> {
  return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM audit')).rows[0].n);
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fixed 60 s windows: keep a burst away from a window boundary. */
async function awayFromMinuteBoundary(): Promise<void> {
  const toBoundary = 60_000 - (Date.now() % 60_000);
  if (toBoundary < 5_000) await new Promise((r) => setTimeout(r, toBoundary + 100));
}

describeWithServers('gateway replicas over one PostgreSQL and one Redis', () => {
  let servers: Servers;
  let upstream: FakeUpstream;
  let n = 0;
  beforeAll(async () => {
    upstream = await FakeUpstream.start();
    if (!missingServers().length) servers = await startServers();
  }, 120_000);
  afterAll(async () => {
    await upstream?.close();
    await servers?.stop();
  }, 60_000);
  afterEach(() => upstream.reset());

  async function replicas(count: number, quotas?: { user: typeof HIGH; department: typeof HIGH }) {
    const url = await servers.postgres.createDatabase(`replicas_${++n}`);
    const config = replicaConfig(upstream, url, `${servers.redis.url}/${n % 16}`, quotas);
    // Started at once: their migrations race for the advisory lock.
    const gws = await Promise.all(Array.from({ length: count }, () => startReplica(config)));
    await Promise.all(gws.map((g) => waitReady(g.url)));
    const pool = new Pool({ connectionString: url, max: 2 });
    return { url, config, gws, pool, clients: gws.map((g) => new OpenAI({ baseURL: `${g.url}/v1`, apiKey: 'x', maxRetries: 0 })) };
  }

  it('a quota race across three replicas: 40 concurrent requests against a limit of 5 admit exactly 5', async () => {
    const { gws, pool, clients } = await replicas(3, { user: { requestsPerMinute: 5, tokensPerDay: 1_000_000 }, department: HIGH });
    try {
      await awayFromMinuteBoundary();
      upstream.setDefault({ delayMs: 30 });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => settle(clients[i % 3].chat.completions.create(ask))));
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      const refused = results.filter((r) => !r.ok) as Array<{ error: any }>;
      expect(refused).toHaveLength(35);
      for (const r of refused) {
        expect(r.error.status).toBe(429);
        const after = Number(r.error.headers.get('retry-after'));
        expect(after).toBeGreaterThanOrEqual(1);
        expect(after).toBeLessThanOrEqual(60);
      }
      expect(upstream.chatRequests).toHaveLength(5);
      // Every call, admitted or refused, is in the one trail.
      await eventually(async () => (await auditCount(pool)) === 40, '40 audit records');
      expect(await verifyPostgresChain(pool)).toMatchObject({ ok: true, count: 40 });
    } finally {
      await Promise.all(gws.map((g) => g.stop()));
      await pool.end();
    }
  }, 60_000);

  it('1,000 concurrent calls through three replicas leave one chain that verifies, written by all three', async () => {
    const { gws, pool, clients } = await replicas(3);
    try {
      const results = await pooled(1_000, 60, (i) => settle(clients[i % 3].chat.completions.create(ask)));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      await eventually(async () => (await auditCount(pool)) === 1_000, '1,000 audit records');
      const verified = await verifyPostgresChain(pool);
      expect(verified).toMatchObject({ ok: true, count: 1_000, head: { seq: 1_000 } });
      // Each replica wrote its own share (about a third) into the one chain.
      const writers = await pool.query<{ replica: string; n: string }>('SELECT replica, count(*) AS n FROM audit GROUP BY replica');
      expect(writers.rows.map((r) => r.replica).sort()).toEqual(gws.map(replicaOf).sort());
      for (const r of writers.rows) expect(Number(r.n)).toBeGreaterThan(200);
      const seqs = (await pool.query<{ seq: string }>('SELECT seq FROM audit ORDER BY seq')).rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    } finally {
      await Promise.all(gws.map((g) => g.stop()));
      await pool.end();
    }
  }, 180_000);

  it('a replica killed with SIGKILL mid-stream loses no committed record, breaks no link, and the others keep serving', async () => {
    const { config, gws, pool, clients } = await replicas(2);
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [join(__dirname, 'support/replica-child.js')], {
        env: { ...process.env, WENSHU_REPLICA_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (c) => (stderr += c));
      const childUrl = await new Promise<string>((resolve, reject) => {
        let out = '';
        child!.stdout!.on('data', (c) => {
          out += c;
          const m = /listening (\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child!.once('exit', (code) => reject(new Error(`replica child exited (${code}): ${stderr}`)));
        setTimeout(() => reject(new Error(`replica child did not start: ${stderr}`)), 60_000).unref();
      });
      await waitReady(childUrl, 30_000);
      const victim = new OpenAI({ baseURL: `${childUrl}/v1`, apiKey: 'x', maxRetries: 0 });

      // Load on all three; the victim also holds slow streams open.
      upstream.setDefault({ chunks: Array.from({ length: 40 }, (_, i) => `piece ${i} `), chunkDelayMs: 50 });
      const streams = await Promise.all(Array.from({ length: 3 }, () => victim.chat.completions.create({ ...ask, stream: true })));
      const firstPieces = await Promise.all(streams.map(async (s) => (await s[Symbol.asyncIterator]().next()).value));
      expect(firstPieces.every((p) => p !== undefined)).toBe(true);
      upstream.setDefault({});
      const survivorsLoad = pooled(120, 12, (i) => settle(clients[i % 2].chat.completions.create(ask)));
      const victimLoad = pooled(60, 6, () => settle(victim.chat.completions.create(ask)));
      // Kill it while its calls (and their audit commits) are in flight.
      await eventually(async () => (await auditCount(pool)) >= 20, 'the first records');
      const before = (await pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq')).rows;
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      child = undefined;

      const survived = await survivorsLoad;
      await victimLoad;
      expect(survived.filter((r) => !r.ok)).toEqual([]);
      // The others keep serving after the kill.
      const after = await pooled(20, 5, (i) => settle(clients[i % 2].chat.completions.create(ask)));
      expect(after.filter((r) => !r.ok)).toEqual([]);
      await Promise.all(gws.map((g) => g.stop()));

      // Every record committed before the kill is still there, unchanged, and the chain verifies end to end.
      const rows = (await pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq')).rows;
      expect(rows.slice(0, before.length)).toEqual(before);
      const verified = await verifyPostgresChain(pool);
      expect(verified).toMatchObject({ ok: true, count: rows.length });
      // The survivors' 140 calls are all recorded.
      const byReplica = await pool.query<{ n: string }>('SELECT count(*) AS n FROM audit WHERE replica = ANY($1)', [gws.map(replicaOf)]);
      expect(Number(byReplica.rows[0].n)).toBe(140);
    } finally {
      child?.kill('SIGKILL');
      await Promise.all(gws.map((g) => g.stop()));
      await pool.end();
    }
  }, 180_000);

  it('Redis restarted during load: 503 with a reason while it is away (nothing admitted), normal service after', async () => {
    const { gws, pool, clients } = await replicas(2);
    try {
      const first = await pooled(20, 5, (i) => settle(clients[i % 2].chat.completions.create(ask)));
      expect(first.filter((r) => !r.ok)).toEqual([]);
      await servers.redis.stop();
      const sentBefore = upstream.chatRequests.length;
      const away = await pooled(20, 5, (i) => settle(clients[i % 2].chat.completions.create(ask)));
      for (const r of away) {
        expect(r.ok).toBe(false);
        const error = (r as { error: any }).error;
        expect(error.status).toBe(503);
        expect(error.message).toMatch(/Redis is unreachable/);
      }
      // Fail closed: not one of them reached the model.
      expect(upstream.chatRequests.length).toBe(sentBefore);
      const ready = await fetch(`${gws[0].url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not ready', reason: expect.stringMatching(/Redis/) });
      // Checks need no store and keep working.
      const check = await fetch(`${gws[1].url}/v1/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '我哋會盡快處理。' }) });
      expect(check.status).toBe(200);
      await servers.redis.start();
      await Promise.all(gws.map((g) => waitReady(g.url)));
      const back = await pooled(20, 5, (i) => settle(clients[i % 2].chat.completions.create(ask)));
      expect(back.filter((r) => !r.ok)).toEqual([]);
      // The 60 model calls (refused ones too) and the check are all in the trail.
      await eventually(async () => (await auditCount(pool)) >= 61, '61 audit records');
      expect(await verifyPostgresChain(pool)).toMatchObject({ ok: true, count: 61 });
    } finally {
      // Back for the next tests even when this one failed half-way.
      await servers.redis.start().catch(() => undefined);
      await Promise.all(gws.map((g) => g.stop()));
      await pool.end();
    }
  }, 90_000);

  it('a replica starting with an empty disk is ready only once its own knowledge index is built', async () => {
    const url = await servers.postgres.createDatabase(`knowledge_${++n}`);
    const logs: string[] = [];
    const logStream = new Writable({
      write: (c, _e, cb) => {
        logs.push(String(c));
        cb();
      },
    });
    const config = GatewayConfigSchema.parse(replicaConfig(upstream, url, servers.redis.url));
    config.server.logLevel = 'info';
    // An in-memory index: empty at start, built from the packs' knowledge folders.
    const gw = await startGateway({ config, logStream, knowledge: { dbPath: ':memory:' } });
    try {
      const seen: number[] = [];
      for (;;) {
        const r = await fetch(`${gw.url}/readyz`);
        seen.push(r.status);
        if (r.status === 200) break;
        const body = await r.json();
        expect(['the knowledge index is being built', expect.stringMatching(/PostgreSQL|Redis/)]).toContainEqual(body.reason);
        await new Promise((res) => setTimeout(res, 20));
      }
      // Ready came after the index was complete, never before.
      expect(logs.join('')).toContain('knowledge index up to date');
    } finally {
      await gw.stop();
    }
  }, 60_000);

  it('PostgreSQL unavailable at start: the replica listens but is not ready and says why; answers 503 at once, never unaudited', async () => {
    const port = await freePort();
    const gw = await startReplica(replicaConfig(upstream, `postgres://postgres@127.0.0.1:${port}/postgres`, servers.redis.url));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const ready = await fetch(`${gw.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', reason: expect.stringMatching(/^PostgreSQL is not available: .*ECONNREFUSED/) });
      const chat = await settle(new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 0 }).chat.completions.create(ask));
      expect(chat.ok).toBe(false);
      expect((chat as { error: any }).error.status).toBe(503);
      expect(upstream.chatRequests).toHaveLength(0);
      // Every answer waits for its audit record (audit/trail.ts fails closed), and none can be written yet: the
      // replica answers at once with 503 and why, never hangs and never serves unaudited.
      const templates = await fetch(`${gw.url}/v1/templates`);
      expect(templates.status).toBe(503);
      expect(await templates.json()).toMatchObject({ error: { code: 'audit_unavailable' } });
      const check = await fetch(`${gw.url}/v1/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Dear Sir' }) });
      expect(check.status).toBe(503);
      expect(await check.json()).toMatchObject({ error: { code: 'audit_unavailable' } });
    } finally {
      await gw.stop();
    }
  }, 30_000);
});
