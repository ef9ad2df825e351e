import type { FastifyInstance } from 'fastify';
import type { Template } from '../../core/templates/types';
import type { GatewayContext } from '../context';
import { templateFor } from './drafts';

/** What the task pane needs to build a form; bodies and file paths stay on the server. */
function describe(t: Template) {
  return {
    key: t.key,
    department: t.department,
    id: t.id,
    kind: t.kind,
    titles: t.titles,
    description: t.description,
    languages: t.languages,
    classification: t.classification,
    citations: t.citations,
    fields: t.fields,
    sections: t.sections.map((s) => ({ id: s.id, titles: s.titles, required: s.required, guidance: s.guidance?.writer })),
    ruleSets: t.ruleSets,
  };
}

export function registerTemplates(app: FastifyInstance, ctx: GatewayContext): void {
  app.get('/v1/templates', async (req) => {
    const department = ctx.packs.departments.get(req.caller.department);
    if (!department) return { departments: [] };
    return {
      departments: [{ id: department.id, names: department.names, templates: department.templates.map(describe) }],
    };
  });
  app.get<{ Params: { department: string; id: string } }>('/v1/templates/:department/:id', async (req) => {
    const { template } = templateFor(ctx, req.caller.department, `${req.params.department}/${req.params.id}`);
    return describe(template);
  });
}
