import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context';

export function registerHealth(app: FastifyInstance, ctx: GatewayContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    if (!ctx.ready) return reply.code(503).send({ status: 'shutting down' });
    return { status: 'ready', liveStreams: ctx.live.size };
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
