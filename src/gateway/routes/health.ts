import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context';

export function registerHealth(app: FastifyInstance, ctx: GatewayContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (!ctx.ready) return reply.code(503).send({ status: 'shutting down' });
    if (ctx.knowledgeIndexing) return reply.code(503).send({ status: 'not ready', reason: 'the knowledge index is being built' });
    // A shared store (PostgreSQL + Redis) that cannot serve model calls makes the replica not ready, with why.
    const store = await ctx.store.health?.();
    if (store && !store.ok) return reply.code(503).send({ status: 'not ready', reason: store.reason });
    return { status: 'ready', liveStreams: ctx.live.size };
  });
  // With server.metrics.port the metrics live on their own loopback listener (serve.ts) and not here at all;
  // here they need an admin credential (app.ts's onRequest hook).
  if (ctx.config.server.metrics.port !== undefined) return;
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
