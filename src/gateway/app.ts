import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { writeAudit, type CallRecord } from './call';
import { registerAuditHooks } from './audit/trail';
import type { GatewayContext } from './context';
import { registerChatCompletions } from './routes/chat-completions';
import { registerChecks } from './routes/checks';
import { registerDrafts } from './routes/drafts';
import { registerHealth } from './routes/health';
import { registerModels } from './routes/models';
import { registerTemplates } from './routes/templates';
import { registerTransform } from './routes/transform';
import { registerRequestQuota } from './request-quota';
import { developmentRequestProblem } from './policy/loopback';
import { forbidden } from './policy/auth-errors';
import { HttpError, type Caller } from './types';

declare module 'fastify' {
  interface FastifyRequest {
    call: CallRecord;
    caller: Caller;
  }
}

/** Paths that are not gateway calls: no authentication, no audit record. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

/** Prometheus metrics name departments, models and token volumes: authenticated (admin) callers only. */
const METRICS_PATH = '/metrics';

/** Further route sets (knowledge, transforms) register themselves through this list. */
export type RouteRegistrar = (app: FastifyInstance, ctx: GatewayContext) => void;

export function buildApp(ctx: GatewayContext, extraRoutes: RouteRegistrar[] = []): FastifyInstance {
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: ctx.config.server.bodyLimit,
    // A slow upload (slowloris) cannot hold a socket: the whole request must arrive within requestTimeoutMs,
    // and a socket silent both ways for connectionTimeoutMs is closed. The check interval is Node's (30 s by
    // default), tightened so a small requestTimeoutMs is honoured.
    requestTimeout: ctx.config.server.requestTimeoutMs,
    connectionTimeout: ctx.config.server.connectionTimeoutMs,
    http: { connectionsCheckingInterval: Math.max(100, Math.min(ctx.config.server.requestTimeoutMs / 4, 30_000)), headersTimeout: ctx.config.server.requestTimeoutMs },
    // Fastify's own request lines are off: the onResponse hook logs what is needed, never bodies or headers
    // (they carry government text and bearer tokens).
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: false,
  });

  app.decorateRequest('call', null as unknown as CallRecord);
  app.decorateRequest('caller', null as unknown as Caller);

  app.addHook('onRequest', async (req, reply) => {
    if (ctx.developmentMode) {
      // Development mode trusts the socket; that is only sound when the socket is the caller (no proxy in
      // between) and the page that sent the request was served by this machine (no DNS rebinding).
      const problem = developmentRequestProblem({ headers: req.headers, remoteAddress: req.socket.remoteAddress, localPort: req.socket.localPort });
      if (problem) throw forbidden(problem);
    }
    const origin = req.headers.origin;
    if (origin && ctx.config.server.corsOrigins.includes(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'origin');
      reply.header('access-control-expose-headers', 'x-wenshu-provider, retry-after');
    }
    if (req.method === 'OPTIONS' && origin) {
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-allow-headers', 'authorization, content-type, x-api-key, x-wenshu-classification, accept');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
    const path = req.url.split('?')[0];
    if (OPEN_PATHS.has(path)) return;
    if (path === METRICS_PATH) {
      // Scrapes are not gateway calls (no audit record), but they are authenticated: admin API keys or roles.
      req.caller = await ctx.authenticate(credentials(req));
      if (!req.caller.admin) throw forbidden('the metrics need an administrator credential (an API key with admin: true, or a token with an admin role)');
      return;
    }
    req.call = ctx.audit.call(`${req.method} ${req.routeOptions.url ?? path}`, req, reply);
    // A client that goes away before the response ends gets no onResponse hook: its call is still recorded.
    const call = req.call;
    reply.raw.once('close', () => {
      if (reply.raw.writableFinished || call.streaming) return;
      call.outcome = 'cancelled';
      writeAudit(ctx, call, 499);
    });
    if (!ctx.ready) throw new HttpError(503, 'shutting_down', 'the gateway is shutting down', { 'retry-after': '5' });
    req.caller = await ctx.authenticate(credentials(req));
    req.call.caller = req.caller;
  });

  // A non-streamed answer is sent only once its audit record is committed (503 when it cannot be).
  registerAuditHooks(app, ctx.audit);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    ctx.metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    ctx.metrics.latency.observe({ route }, reply.elapsedTime / 1000);
    if (req.call) {
      const c = req.call;
      ctx.log.info({ route, method: req.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime), department: c.caller?.department, model: c.model, provider: c.provider, outcome: c.outcome }, 'request');
    }
    if (!req.call?.streaming) writeAudit(ctx, req.call, reply.statusCode);
  });

  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    const { status, code, message, headers } = describeError(err);
    if (status >= 500) ctx.log.error({ code, reason: message, route: req.routeOptions.url }, 'request failed');
    if (req.call && req.call.outcome === 'ok') req.call.outcome = status === 403 || status === 429 ? 'refused' : 'error';
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    return reply.code(status).send({ error: { message, type: errorType(status), code } });
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { message: `no route ${req.method} ${req.url.split('?')[0]}`, type: 'invalid_request_error', code: 'not_found' } }));

  registerRequestQuota(app, ctx);
  registerHealth(app, ctx);
  registerModels(app, ctx);
  registerChatCompletions(app, ctx);
  registerDrafts(app, ctx);
  registerChecks(app, ctx);
  registerTemplates(app, ctx);
  registerTransform(app, ctx);
  for (const register of extraRoutes) register(app, ctx);
  return app;
}

function credentials(req: FastifyRequest) {
  return {
    authorization: req.headers.authorization,
    apiKey: typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined,
    remoteAddress: req.socket.remoteAddress ?? '',
  };
}

function describeError(err: FastifyError | HttpError): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (err instanceof HttpError) return { status: err.statusCode, code: err.code, message: err.message, headers: err.headers };
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, code: 'body_too_large', message: 'the request body is larger than this gateway accepts', headers: {} };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'unsupported_media_type', message: 'send the request body as application/json', headers: {} };
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return { status: 400, code: 'invalid_request', message: 'the request has an empty JSON body', headers: {} };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, code: 'invalid_request', message: fe.message, headers: {} };
  return { status: 500, code: 'internal_error', message: 'the gateway failed to handle this request', headers: {} };
}

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
