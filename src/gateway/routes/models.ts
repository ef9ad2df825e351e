import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context';
import { rank } from '../gate';

/** GET /v1/models: the model names this caller's department may use, as the OpenAI API lists them. */
export function registerModels(app: FastifyInstance, ctx: GatewayContext): void {
  const created = Math.floor(Date.now() / 1000);
  app.get('/v1/models', async (req) => {
    const policy = ctx.packs.departments.get(req.caller.department)?.policy;
    // No loaded pack, no policy: the department may use nothing until its pack is fixed.
    const usable = (providerId: string) => !!policy && policy.providers.some((p) => p.id === providerId && rank(p.maxClassification) >= 0);
    const data = ctx.router
      .models()
      .filter((m) => m.deployments.some((d) => usable(d.provider.id)))
      .map((m) => ({ id: m.name, object: 'model' as const, created, owned_by: 'wenshu' }));
    return { object: 'list', data };
  });
}
