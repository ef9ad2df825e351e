import path from 'node:path';
import { renameSync } from 'node:fs';
import pino from 'pino';
import { buildApp, type RouteRegistrar } from './app';
import { loadConfig, type LoadOptions } from './config/load';
import type { GatewayConfig } from './config/schema';
import type { GatewayContext } from './context';
import { LiveStreams } from './live-streams';
import { openAuditRuntime } from './audit/runtime';
import { createMetrics } from './metrics';
import { loadDepartmentPacks, type DepartmentPacks } from './packs';
import Fastify from 'fastify';
import { createAuthenticator, isDevelopmentConfig } from './policy/authenticate';
import { neutraliseTracing } from './tracing';
import { KnowledgeBase, type EmbeddingsConfig } from './knowledge';
import { registerKnowledgeRoutes } from './knowledge/route';
import { buildProviders } from './providers/build';
import { openConfiguredStore } from './store/open-store';
import type { Store } from './store/types';

export interface RunningGateway {
  url: string;
  /** The separate loopback metrics listener, when server.metrics.port is set. */
  metricsUrl?: string;
  ctx: GatewayContext;
  /** Graceful stop: readiness fails at once, streams get the grace period, the audit trail is closed. */
  stop(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Secrets and text never reach the log, whatever a later change logs by mistake. */
const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'authorization', 'apiKey', 'token', 'messages', 'text', 'prompt'];

export interface KnowledgeStartOptions {
  /** The index file; default knowledge.db beside the store's SQLite file (':memory:' with an in-memory store). */
  dbPath?: string;
  /** An OpenAI-compatible embeddings model for hybrid retrieval; lexical only without one. */
  embeddings?: EmbeddingsConfig;
  /** Re-index changed files after the gateway starts listening (default true). */
  refresh?: boolean;
}

export interface StartOptions extends LoadOptions {
  config?: GatewayConfig;
  store?: Store;
  routes?: RouteRegistrar[];
  logStream?: NodeJS.WritableStream;
  /** Department knowledge; false leaves it out. */
  knowledge?: KnowledgeStartOptions | false;
  /** `wenshu serve --dev`: development mode when no authentication is configured (as `auth.mode: development`). */
  dev?: boolean;
}

export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const config = options.config ?? loadConfig(options);
  const log = pino(
    { level: config.server.logLevel, base: { service: 'wenshu-gateway' }, redact: { paths: REDACT, censor: '[redacted]' } },
    (options.logStream as pino.DestinationStream | undefined) ?? pino.destination(1),
  );
  const auth = config.auth;
  // Development mode is asked for, never inferred from a missing section: a deployment that lost its auth
  // section must not come up open.
  const developmentMode = isDevelopmentConfig(auth) && (auth.mode === 'development' || options.dev === true);
  if (isDevelopmentConfig(auth) && !developmentMode) {
    throw new Error(
      'refusing to start: no authentication is configured. Configure auth.jwt or auth.apiKeys, or, on your own machine only, run in development mode (wenshu serve --dev, or auth: { mode: development })',
    );
  }
  if (developmentMode && !LOOPBACK.test(config.server.host)) {
    throw new Error(
      `refusing to listen on ${config.server.host} without authentication: development mode binds to loopback only (127.0.0.1); configure auth.jwt or auth.apiKeys to serve others`,
    );
  }
  // Before anything imports a LangChain model: tracing env vars would otherwise ship prompts to LangSmith.
  const tracingCleared = neutraliseTracing(process.env);
  const packs = loadDepartmentPacks(path.resolve(config.templates));
  for (const problem of packs.problems) log.warn({ problem }, 'template pack skipped');
  const store: Store = options.store ?? openConfiguredStore(config, log);
  const { providers, router } = buildProviders(config);
  const knowledge = options.knowledge === false ? undefined : openKnowledge(config, packs, log, options.knowledge ?? {});
  // Only development mode invents a department; with real authentication an unmapped user is refused (403).
  const defaultDepartment = auth.departments?.default ?? (developmentMode ? [...packs.departments.keys()].sort()[0] ?? 'dev' : undefined);
  const authenticator = createAuthenticator({ ...auth, departments: { ...auth.departments, default: defaultDepartment } }, { developmentMode });
  // The HMAC secret and checkpoints live beside an SQLite store's file; a shared store has none (set the secret's variable).
  const audit = openAuditRuntime({ config, store, storeFile: (store as { path?: string }).path, log });
  const ctx: GatewayContext = {
    config,
    router,
    providers,
    store,
    // The write-behind queue, the keyed digests and the audit schedule (audit/runtime.ts). A shared store's appends
    // return promises, which the queue awaits before a fail-closed answer is sent.
    writes: audit.writes,
    audit: audit.trail,
    metrics: createMetrics(),
    packs,
    knowledge,
    live: new LiveStreams(),
    log,
    authenticate: (input) => authenticator.authenticate(input),
    developmentMode,
    ready: true,
  };
  const app = buildApp(ctx, [registerKnowledgeRoutes, ...(options.routes ?? [])]);
  const metricsApp = config.server.metrics.port === undefined ? undefined : buildMetricsApp(ctx);
  let address: string;
  let metricsUrl: string | undefined;
  try {
    address = await app.listen({ host: config.server.host, port: config.server.port });
    if (metricsApp) metricsUrl = await metricsApp.listen({ host: '127.0.0.1', port: config.server.metrics.port });
  } catch (err) {
    await app.close();
    await knowledge?.close();
    throw err;
  }
  if (tracingCleared.length) log.warn({ variables: tracingCleared }, 'LangChain/LangSmith tracing variables were set and have been switched off: traces would carry unredacted prompts');
  if (options.dev && !developmentMode) log.warn('--dev ignored: authentication is configured');
  if (developmentMode) {
    log.warn(
      { department: defaultDepartment },
      `DEVELOPMENT MODE (asked for): no authentication. Requests are accepted from this machine only (loopback socket, loopback Host name, no proxy headers), as a development user of department "${defaultDepartment}". Configure auth before serving anyone else.`,
    );
  }
  log.info({ url: address, metrics: metricsUrl, models: router.models().map((m) => m.name), departments: [...packs.departments.keys()] }, 'gateway listening');

  // Re-index changed knowledge files in the background: requests are served meanwhile (from the index as it was).
  const indexing = new AbortController();
  if (knowledge && (options.knowledge || {}).refresh !== false) {
    // A replica of a shared deployment (often started on an empty disk) is ready only once its own index is built.
    if (config.store.postgres) ctx.knowledgeIndexing = true;
    knowledge.refresh({ signal: indexing.signal }).then(
      (summary) => {
        const changed = summary.departments.reduce((n, d) => n + d.indexed + d.removed, 0);
        log.info({ departments: summary.departments.map((d) => `${d.department}:${d.chunks}`), changed, ms: summary.ms, embedded: summary.embedded }, 'knowledge index up to date');
        for (const s of summary.skipped) log.warn({ file: s.file, reason: s.reason }, 'knowledge file skipped');
      },
      (err) => log.error({ reason: (err as Error).message }, 'knowledge indexing failed; searching the index as it was'),
    ).finally(() => (ctx.knowledgeIndexing = false));
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ctx.ready = false;
      indexing.abort();
      const ended = await ctx.live.drain(config.server.shutdownGraceSeconds * 1000, 'the gateway is shutting down');
      if (ended) log.warn({ streams: ended }, 'streams ended by shutdown');
      await app.close();
      await metricsApp?.close();
      await knowledge?.close().catch((err: Error) => log.error({ reason: err.message }, 'knowledge index could not be closed'));
      // Refusal summaries and every queued record committed, then a last signed checkpoint (when configured).
      await audit.close();
      // A shared store first commits the audit records still queued, then closes its connections.
      if (!options.store) await store.close();
      log.info('gateway stopped');
      log.flush?.();
    })());
  return { url: address, metricsUrl, ctx, stop };
}

/** /metrics alone, for `server.metrics.port`: bound to 127.0.0.1, so only a scraper on this machine reads it. */
function buildMetricsApp(ctx: GatewayContext) {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
  return app;
}

/**
 * Opens the knowledge index (a separate SQLite file: see knowledge/store.ts for why). A damaged file is moved
 * aside and rebuilt, since the index is derived from the files; any other failure leaves knowledge out, and the
 * gateway still serves.
 */
function openKnowledge(config: GatewayConfig, packs: DepartmentPacks, log: pino.Logger, options: KnowledgeStartOptions): KnowledgeBase | undefined {
  const memory = config.store.sqlite === ':memory:';
  const dbPath = options.dbPath ?? (memory ? ':memory:' : path.join(path.dirname(path.resolve(config.store.sqlite)), 'knowledge.db'));
  const open = () =>
    new KnowledgeBase({
      templatesDir: path.resolve(config.templates),
      dbPath,
      glossaries: (department) => packs.departments.get(department)?.glossary,
      embeddings: options.embeddings ?? embeddingsFromConfig(config),
      log: { info: (o, m) => log.info(o, m), warn: (o, m) => log.warn(o, m) },
    });
  try {
    return open();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (dbPath !== ':memory:' && (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')) {
      const aside = `${dbPath}.damaged-${Date.now()}`;
      try {
        renameSync(dbPath, aside);
        log.warn({ file: dbPath, movedTo: aside }, 'knowledge index was damaged; rebuilding it');
        return open();
      } catch (again) {
        err = again;
      }
    }
    log.error({ file: dbPath, reason: (err as Error).message }, 'knowledge index could not be opened; drafts are made without knowledge');
    return undefined;
  }
}

/** `wenshu serve`: runs until SIGTERM or SIGINT. */
export async function serveUntilSignalled(options: StartOptions): Promise<void> {
  const gateway = await startGateway(options);
  const onSignal = (signal: string) => {
    gateway.ctx.log.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => process.exit(0),
      (err) => {
        gateway.ctx.log.error({ reason: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** The configured embeddings model, its key from the environment variable the file names. */
function embeddingsFromConfig(config: GatewayConfig): EmbeddingsConfig | undefined {
  const e = config.knowledge.embeddings;
  if (!e) return undefined;
  const apiKey = e.apiKeyEnv ? process.env[e.apiKeyEnv] : undefined;
  if (e.apiKeyEnv && !apiKey) throw new Error(`knowledge.embeddings: the environment variable ${e.apiKeyEnv} that should hold its key is not set`);
  return { baseUrl: e.baseUrl, model: e.model, apiKey, external: e.external, maxClassification: e.maxClassification };
}
