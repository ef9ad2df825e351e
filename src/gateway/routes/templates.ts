import type { FastifyInstance } from 'fastify';
import type { Department, Template } from '../../core/templates/types';
import type { GatewayContext } from '../context';
import { templateVersion } from '../drafting/provenance';
import { templateFor } from './drafts';

/** What the task pane needs to build a form; bodies and file paths stay on the server. */
function describe(t: Template, d: Department) {
  return {
    key: t.key,
    department: t.department,
    id: t.id,
    // The content hash drafts' provenance carries (the same function), and the department's own label if given.
    version: { hash: templateVersion(t, d), ...(t.version ? { label: t.version } : {}) },
    /** "docx" when a language has a body.docx (POST /v1/drafts with format "docx"). */
    formats: { markdown: t.languages, docx: t.languages.filter((l) => t.bodies[l]?.docx) },
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
      departments: [{ id: department.id, names: department.names, templates: department.templates.map((t) => describe(t, department)) }],
    };
  });
  app.get<{ Params: { department: string; id: string } }>('/v1/templates/:department/:id', async (req) => {
    const { template, department } = templateFor(ctx, req.caller.department, `${req.params.department}/${req.params.id}`);
    return describe(template, department);
  });
}
