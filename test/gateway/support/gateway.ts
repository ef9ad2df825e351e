/**
 * Starts a gateway for integration tests: loopback, a random port, providers pointing at a FakeUpstream,
 * an in-memory (or temp-file) SQLite store, and logs captured into an array instead of printed.
 *
 * Providers (ids match the bundled department packs' policies, templates/<dept>/department.yaml):
 *   offline         the offline drafter
 *   local-llm       internal (on premises), up to CONFIDENTIAL          -> fake upstream
 *   external-cloud  external (personal data redacted), up to UNCLASSIFIED -> fake upstream
 * Models: offline; local (local-llm); cloud (external-cloud only); primary -> fallback secondary; both (local + cloud).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { GatewayConfigSchema } from '../../../src/gateway/config/schema';
import { startGateway, type RunningGateway } from '../../../src/gateway/serve';
import { openSqliteStore, type SqliteStore } from '../../../src/gateway/store/sqlite';
import type { FakeUpstream } from './fake-upstream';

export const TEMPLATES = resolve(__dirname, '../../../templates');

export interface TestGatewayOptions {
  upstream?: FakeUpstream;
  /** Merged over the defaults below (objects deeply, arrays replaced). */
  config?: Record<string, unknown>;
  auth?: unknown;
  /** 'memory' (default) or 'file' (a temp dir, removed at stop). */
  store?: 'memory' | 'file';
  /** Let the gateway open (and close) its own store from config.store.sqlite. */
  ownStore?: boolean;
  /** As `wenshu serve --dev`. */
  dev?: boolean;
}

export interface TestGateway extends RunningGateway {
  /** Base URL for the openai client: url + '/v1'. */
  v1: string;
  logs: string[];
  store: SqliteStore;
  dbFile?: string;
  /** Stops the gateway (idempotent) and removes its temp files. */
  close(): Promise<void>;
}

export function testConfig(upstream: FakeUpstream | undefined, over: Record<string, unknown> = {}): Record<string, unknown> {
  const base = upstream ? `${upstream.url}/v1` : 'http://127.0.0.1:9/v1';
  const timeouts = { connectMs: 500, firstTokenMs: 1_000, idleMs: 1_000, totalMs: 5_000 };
  const defaults: Record<string, unknown> = {
    server: { host: '127.0.0.1', port: 0, logLevel: 'debug', shutdownGraceSeconds: 2, heartbeatSeconds: 15 },
    templates: TEMPLATES,
    providers: [
      { id: 'offline', type: 'offline' },
      { id: 'local-llm', type: 'openai-compatible', baseUrl: base, external: false, maxClassification: 'CONFIDENTIAL', timeouts },
      { id: 'external-cloud', type: 'openai-compatible', baseUrl: base, external: true, maxClassification: 'UNCLASSIFIED', timeouts },
    ],
    models: [
      { name: 'offline', deployments: [{ provider: 'offline' }] },
      { name: 'local', deployments: [{ provider: 'local-llm', model: 'local-model' }] },
      { name: 'cloud', deployments: [{ provider: 'external-cloud', model: 'cloud-model' }] },
      { name: 'primary', deployments: [{ provider: 'local-llm', model: 'primary-model' }], fallbacks: ['secondary'] },
      { name: 'secondary', deployments: [{ provider: 'local-llm', model: 'secondary-model' }] },
    ],
    defaultModel: 'offline',
    // Development mode must be asked for (a gateway without auth refuses to start); tests that pass `auth`
    // replace this section whole (see below), so it never mixes with jwt or apiKeys.
    auth: { mode: 'development' },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40, retryAfterCapMs: 300 },
    // High enough that one test's failures never open a circuit for the next.
    breaker: { failures: 1_000, coolDownMs: 1_000 },
    quotas: {
      free: { user: { requestsPerMinute: 10_000, tokensPerDay: 100_000_000 }, department: { requestsPerMinute: 10_000, tokensPerDay: 100_000_000 }, maxTokens: 2_048 },
      paid: { user: { requestsPerMinute: 10_000, tokensPerDay: 100_000_000 }, department: { requestsPerMinute: 10_000, tokensPerDay: 100_000_000 }, maxTokens: 4_096 },
    },
  };
  const merged = merge(defaults, over);
  if (over.auth !== undefined) merged.auth = over.auth;
  return merged;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  let dir: string | undefined;
  let dbFile: string | undefined;
  if (options.store === 'file' || options.ownStore) {
    dir = mkdtempSync(join(tmpdir(), 'wenshu-gw-'));
    dbFile = join(dir, 'wenshu.db');
  }
  const over = { ...(options.config ?? {}) };
  if (options.auth !== undefined) over.auth = options.auth;
  if (dbFile) over.store = { sqlite: dbFile };
  const config = GatewayConfigSchema.parse(testConfig(options.upstream, over));
  const store = options.ownStore ? undefined : openSqliteStore(dbFile ?? ':memory:');
  let running: RunningGateway;
  try {
    running = await startGateway({ config, store, logStream, dev: options.dev });
  } catch (err) {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    ...running,
    v1: `${running.url}/v1`,
    logs,
    store: (store ?? running.ctx.store) as SqliteStore,
    dbFile,
    close: () =>
      (closed ??= (async () => {
        await running.stop();
        store?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isObject(cur) && isObject(v) ? merge(cur, v) : v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Reads a server-sent-events response body into its events (named ones and plain `data:` ones). */
export function parseSse(text: string): Array<{ event: string; data: string }> {
  const out: Array<{ event: string; data: string }> = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (!block.trim()) continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
    }
    if (data.length) out.push({ event, data: data.join('\n') });
  }
  return out;
}

/** Everything the gateway logged and every audit record, as one string: to assert secrets never appear. */
export function everythingRecorded(gw: TestGateway): string {
  const records = gw.store.audit.list({ limit: 10_000 });
  return gw.logs.join('') + '\n' + JSON.stringify(records);
}
