/**
 * Quotas on every endpoint. Model calls reserve their worst case through the gate (gate.ts: one request and
 * its tokens); every other authenticated call — checks, knowledge search, template lists — counts one request
 * against the same per-minute budgets of the user and the department, with no tokens, so a flood of checks or
 * searches (each a full pass over a document or the index) is refused with 429 like a flood of drafts.
 * Reads of the gateway's own lists (GET /v1/models, /v1/templates) cost next to nothing and are what the task
 * pane loads on every open, so they are not counted.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from './context';
import { HttpError } from './types';

/** Routes whose handler reserves through the gate; counting them here as well would charge them twice. */
export const GATED_ROUTES = new Set(['/v1/chat/completions', '/v1/drafts', '/v1/transform']);

export function registerRequestQuota(app: FastifyInstance, ctx: GatewayContext): void {
  app.addHook('preHandler', async (req) => {
    const route = req.routeOptions.url;
    // Unauthenticated paths (health, metrics scrapes) have no caller; a 404 has no route.
    if (!req.call || !req.caller || !route || GATED_ROUTES.has(route) || req.method === 'GET' || req.method === 'HEAD') return;
    const caller = req.caller;
    const tier = ctx.config.quotas[caller.tier];
    let reserved: Awaited<ReturnType<typeof ctx.store.quotas.reserve>>;
    try {
      reserved = await ctx.store.quotas.reserve({ userId: caller.userId, department: caller.department, tokens: 0, user: tier.user, departmentLimits: tier.department, now: new Date() });
    } catch (err) {
      // A shared quota store (Redis) that cannot be reached refuses model calls (the gate), but checks, searches
      // and templates reach no model and keep working (issue 13): served uncounted while it is away.
      if (err instanceof HttpError && err.statusCode === 503) {
        ctx.log.warn({ route, reason: err.message }, 'request served without counting it: the quota store is unavailable');
        return;
      }
      throw err;
    }
    if (!reserved.ok) {
      ctx.metrics.quotaRefusals.inc({ department: caller.department });
      throw new HttpError(429, 'quota_exceeded', reserved.reason, { 'retry-after': String(Math.max(1, Math.ceil(reserved.retryAfterSeconds))) });
    }
    // Nothing to reconcile: the request is counted, and its (zero) tokens returned at once.
    ctx.writes.settle(reserved.reservation, null);
  });
}
