/**
 * Throwaway PostgreSQL 15 and Redis 7 servers for tests: started in a temporary directory on free loopback ports,
 * stopped (and the directory removed) afterwards. No system service is assumed or touched.
 *
 * PostgreSQL's initdb refuses to run as root, and the test machines run as root: the cluster is created and run as
 * the unprivileged user `nobody` (setpriv), in a directory chowned to it. Its unix socket lives in the same temporary
 * directory, so nothing is written to /var/run/postgresql.
 *
 * Without the binaries the suites that need them are skipped with a loud warning, except in CI (CI=true), where
 * they fail (as the end-to-end tests treat a missing Chromium): see `serversAvailable` and `describeWithServers`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.WENSHU_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const REDIS_SERVER = process.env.WENSHU_REDIS_SERVER ?? '/usr/bin/redis-server';

export function inCI(): boolean {
  return /^(true|1)$/i.test(process.env.CI ?? '');
}

/** What is missing to run PostgreSQL and Redis here (empty when both can run). */
export function missingServers(): string[] {
  const missing: string[] = [];
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) if (!existsSync(join(PG_BIN, bin))) missing.push(`${join(PG_BIN, bin)} (Debian package postgresql)`);
  if (!existsSync(REDIS_SERVER)) missing.push(`${REDIS_SERVER} (Debian package redis-server)`);
  return missing;
}

let warned = false;

/**
 * `describe` when the servers can run, or in CI (where the suite's beforeAll then fails with what is missing);
 * `describe.skip` with a loud warning elsewhere.
 */
export function describeWithServers(name: string, body: () => void): void {
  const missing = missingServers();
  if (missing.length && !inCI()) {
    if (!warned) {
      warned = true;
      const bar = '!'.repeat(100);
      // eslint-disable-next-line no-console
      console.warn(
        `\n${bar}\n!! POSTGRESQL/REDIS TESTS SKIPPED: missing ${missing.join(', ')}.\n` +
          `!! Install them with \`sudo apt-get install postgresql redis-server\` (no service needs to run). In CI (CI=true) this fails the run.\n${bar}\n`,
      );
    }
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    beforeAll(() => {
      if (missing.length) throw new Error(`CI: cannot start PostgreSQL/Redis for the tests: missing ${missing.join(', ')}. .ci/run installs postgresql and redis-server with apt-get.`);
    });
    body();
  });
}

/** A free TCP port on 127.0.0.1 (free when asked; the server binds it straight after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

/** Runs a PostgreSQL tool as `nobody` when we are root (initdb and postgres refuse root). */
function runPg(tool: string, args: string[], timeoutMs = 60_000): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['setpriv', [...NOBODY, join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim().slice(-2000)}`);
}

export interface PostgresServer {
  port: number;
  /** The temporary directory holding the cluster, its socket and log. */
  dir: string;
  /** URL of the `postgres` database (superuser `postgres`, trust authentication on loopback). */
  url: string;
  /** A URL for another database on the same server (create it first with `createDatabase`). */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown); `start` brings it back on the same port with the same data. */
  stop(): void;
  start(): void;
  /** Stops it for good and removes its directory. */
  destroy(): void;
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wenshu-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // nobody must own the directory: initdb creates data/ in it, postgres writes its socket and log there.
  if (asRoot) chownSync(dir, 65534, 65534);
  const port = await freePort();
  runPg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // Durability is worth nothing for a throwaway cluster: fsync off makes it fast on a shared 2-core machine.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  let running = false;
  const start = () => {
    runPg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
    running = true;
  };
  const stop = () => {
    if (!running) return;
    running = false;
    runPg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  try {
    start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url: urlFor('postgres'),
    urlFor,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const { Client } = await import('pg');
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    stop,
    start,
    destroy() {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface RedisServer {
  port: number;
  dir: string;
  url: string;
  /** Kills the server (SIGKILL: nothing is saved anyway); `start` brings an empty one back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wenshu-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    // Already running: nothing to do (a second server on the same port would only fail to bind).
    if (child && child.exitCode === null && child.signalCode === null) return;
    const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${output.slice(-1000)}`)), 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}) before it was ready: ${output.slice(-1000)}`));
      });
    });
    proc.stdout!.resume();
    proc.stderr!.resume();
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };
  try {
    await start();
  } catch (err) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Servers {
  postgres: PostgresServer;
  redis: RedisServer;
  stop(): Promise<void>;
}

/** Both servers, started side by side. */
export async function startServers(): Promise<Servers> {
  const [pg, redis] = await Promise.allSettled([startPostgres(), startRedis()]);
  if (pg.status === 'rejected' || redis.status === 'rejected') {
    if (pg.status === 'fulfilled') pg.value.destroy();
    if (redis.status === 'fulfilled') await redis.value.destroy();
    throw pg.status === 'rejected' ? pg.reason : (redis as PromiseRejectedResult).reason;
  }
  return {
    postgres: pg.value,
    redis: redis.value,
    async stop() {
      try {
        pg.value.destroy();
      } finally {
        await redis.value.destroy();
      }
    },
  };
}
