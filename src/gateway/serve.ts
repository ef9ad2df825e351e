import path from 'node:path';
import pino from 'pino';
import { buildApp, type RouteRegistrar } from './app';
import { loadConfig, type LoadOptions } from './config/load';
import type { GatewayConfig } from './config/schema';
import type { GatewayContext } from './context';
import { LiveStreams } from './live-streams';
import { WriteBehind } from './write-behind';
import { createMetrics } from './metrics';
import { loadDepartmentPacks } from './packs';
import { createAuthenticator } from './policy/authenticate';
import { buildProviders } from './providers/build';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './types';

export interface RunningGateway {
  url: string;
  ctx: GatewayContext;
  /** Graceful stop: readiness fails at once, streams get the grace period, the audit trail is closed. */
  stop(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Secrets and text never reach the log, whatever a later change logs by mistake. */
const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'authorization', 'apiKey', 'token', 'messages', 'text', 'prompt'];

export interface StartOptions extends LoadOptions {
  config?: GatewayConfig;
  store?: Store;
  routes?: RouteRegistrar[];
  logStream?: NodeJS.WritableStream;
}

export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const config = options.config ?? loadConfig(options);
  const log = pino(
    { level: config.server.logLevel, base: { service: 'wenshu-gateway' }, redact: { paths: REDACT, censor: '[redacted]' } },
    (options.logStream as pino.DestinationStream | undefined) ?? pino.destination(1),
  );
  const auth = config.auth;
  const developmentMode = !auth.jwt && !(auth.apiKeys?.length);
  if (developmentMode && !LOOPBACK.test(config.server.host)) {
    throw new Error(
      `refusing to listen on ${config.server.host} without authentication: configure auth.jwt or auth.apiKeys, or bind to 127.0.0.1`,
    );
  }
  const packs = loadDepartmentPacks(path.resolve(config.templates));
  for (const problem of packs.problems) log.warn({ problem }, 'template pack skipped');
  const store = options.store ?? openSqliteStore(path.resolve(config.store.sqlite));
  const { providers, router } = buildProviders(config);
  // Only development mode invents a department; with real authentication an unmapped user is refused (403).
  const defaultDepartment = auth.departments?.default ?? (developmentMode ? [...packs.departments.keys()].sort()[0] ?? 'dev' : undefined);
  const authenticator = createAuthenticator({ ...auth, departments: { ...auth.departments, default: defaultDepartment } }, { developmentMode });
  const ctx: GatewayContext = {
    config,
    router,
    providers,
    store,
    writes: new WriteBehind(store, (err) => log.error({ reason: err.message }, 'audit or quota write failed')),
    metrics: createMetrics(),
    packs,
    live: new LiveStreams(),
    log,
    authenticate: (input) => authenticator.authenticate(input),
    ready: true,
  };
  const app = buildApp(ctx, options.routes);
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  if (developmentMode) {
    log.warn(
      { department: defaultDepartment },
      `DEVELOPMENT MODE: no authentication is configured. Requests are accepted from this machine only (loopback), as a development user of department "${defaultDepartment}". Configure auth before serving anyone else.`,
    );
  }
  log.info({ url: address, models: router.models().map((m) => m.name), departments: [...packs.departments.keys()] }, 'gateway listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ctx.ready = false;
      const ended = await ctx.live.drain(config.server.shutdownGraceSeconds * 1000, 'the gateway is shutting down');
      if (ended) log.warn({ streams: ended }, 'streams ended by shutdown');
      await app.close();
      ctx.writes.flush();
      if (!options.store) store.close();
      log.info('gateway stopped');
      log.flush?.();
    })());
  return { url: address, ctx, stop };
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
