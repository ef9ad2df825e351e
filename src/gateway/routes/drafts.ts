import { declaredClassification } from './chat-completions';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkerFor, ruleSetsFor } from '../../core/checks/for-department';
import { builtinRuleSets } from '../../core/checks';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import { ComposeError, composeDraft, writtenSections, type ComposedDraft } from '../../core/templates/compose';
import { framePreview } from '../../core/drafting/assemble';
import { templateCheckContext } from '../../core/templates/check-context';
import type { Department, Template } from '../../core/templates/types';
import { fromMarkdown } from '../../core/text/document';
import type { GatewayContext } from '../context';
import { draftPass, newNonces } from '../drafting/model-pass';
import { buildInstructions, buildRequest, DATA_RULE, FRAME_RULE, type Source } from '../drafting/prompt';
import { offlineProvenanceOf, provenanceOf } from '../drafting/provenance';
import { retrieveForDraft, type DraftKnowledge, type DraftRetrievalInput } from '../knowledge/drafting';
import { classifyRequest, modelCeiling, openGate, rank } from '../gate';
import { generate } from '../generate';
import { estimatePromptTokens } from '../tokens';
import { HttpError } from '../types';
import { docxAnswer, modelDocx, requireDocxBody } from './draft-docx';
import { parseBody } from './validation';

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const DraftRequestSchema = z
  .object({
    template: z.string().regex(/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, 'must be "department/template", e.g. "fehd/reply-public"'),
    fields: z.record(z.string(), text(10_000)).default({}),
    keyPoints: z.array(text(2_000)).max(50).default([]),
    lang: z.enum(['zh-HK', 'en']).optional(),
    tone: z.enum(['formal', 'cordial', 'firm', 'plain']).default('formal'),
    classification: z.enum(CLASSIFICATIONS as unknown as [Classification, ...Classification[]]).optional(),
    replyTo: z.object({ subject: text(1_000).optional(), from: text(500).optional(), body: text(100_000) }).strict().optional(),
    model: z.string().optional(),
    /** "docx": the answer also carries the template's body.docx filled with the draft (base64). */
    format: z.enum(['markdown', 'docx']).default('markdown'),
  })
  .strict();

export type DraftRequest = z.output<typeof DraftRequestSchema>;

/** The template a caller may use: their own department's only; another's is "not found", not "forbidden". */
export function templateFor(ctx: GatewayContext, department: string, key: string): { department: Department; template: Template } {
  const [dept, id] = key.split('/');
  const d = ctx.packs.departments.get(dept);
  const t = d?.templates.find((x) => x.id === id);
  if (!d || !t || dept !== department) throw new HttpError(404, 'template_not_found', `no template "${key}" for department ${department}`);
  return { department: d, template: t };
}

export function registerDrafts(app: FastifyInstance, ctx: GatewayContext): void {
  app.post('/v1/drafts', async (req, reply) => {
    const call = req.call;
    const input = parseBody(DraftRequestSchema, req.body);
    call.hashRequest(input);
    call.template = input.template;
    const { department, template } = templateFor(ctx, req.caller.department, input.template);
    const lang = input.lang ?? template.languages[0];
    if (!template.languages.includes(lang)) throw new HttpError(400, 'invalid_request', `template ${template.key} has no ${lang} version (languages: ${template.languages.join(', ')})`);
    const docxBody = input.format === 'docx' ? requireDocxBody(template, lang) : undefined;
    let declared = [input.classification ?? 'UNCLASSIFIED', declaredClassification(req) ?? 'UNCLASSIFIED', template.classification].sort((a, b) => rank(b) - rank(a))[0];

    // The offline composer validates fields against the template; its draft is also the fallback.
    let offline: ComposedDraft;
    try {
      offline = composeDraft({ template, department, fields: input.fields, keyPoints: input.keyPoints, lang, classification: declared });
    } catch (err) {
      if (err instanceof ComposeError) throw new HttpError(400, 'invalid_fields', err.message);
      throw err;
    }
    const model = input.model ?? ctx.config.defaultModel;
    if (!ctx.router.has(model)) throw new HttpError(404, 'model_not_found', `model "${model}" does not exist`);
    call.model = model;
    // The gate before anything leaves the gateway (knowledge/drafting.ts): the department's policy, the
    // classification of what the officer gave (fields, key points, the message answered) and a provider cleared
    // for it. Retrieval comes after it: the query reaches the embeddings provider only within its ceiling
    // (redacted when external), and passages above what the model may be sent are left out.
    const given = [...Object.values(input.fields), ...input.keyPoints, input.replyTo?.subject ?? '', input.replyTo?.body ?? ''];
    const classified = classifyRequest(ctx, call, { caller: req.caller, declared, messages: given.map((content) => ({ role: 'user', content })) });
    const knowledge = await knowledgeFor(ctx, {
      department: req.caller.department,
      template,
      lang,
      fields: input.fields,
      keyPoints: input.keyPoints,
      replyTo: input.replyTo,
      gate: { classification: classified.classification, ceiling: modelCeiling(ctx, req.caller.department, model) },
    });
    const sources: Source[] = knowledge.sources.map((h, i) => ({ n: i + 1, title: h.title, heading: h.heading || undefined, file: h.file, text: h.text }));
    const passages = template.citations ? knowledge.passages : [];
    // Passages of a classified file raise the draft's classification: the gate then sends the prompt only to
    // providers cleared for it, and the frame carries the marking.
    const raised = rank(knowledge.classification) > rank(declared);
    if (raised) declared = knowledge.classification;
    if (passages.length || raised) offline = composeDraft({ template, department, fields: input.fields, keyPoints: input.keyPoints, lang, classification: declared, passages });
    const names = builtinRuleSets();
    // The frame, rendered now, is the same for the prompt, the assembled draft and the offline fallback.
    const today = new Date();
    const frame = { template, department, fields: input.fields, lang, classification: declared, today };
    const written = writtenSections(template, lang);
    const nonces = newNonces();
    const promptInput = {
      department,
      template,
      lang,
      tone: input.tone,
      classification: declared,
      fields: input.fields,
      keyPoints: input.keyPoints,
      replyTo: input.replyTo,
      sources,
      ruleSetNames: ruleSetsFor(department, template).map((id) => names.get(id)?.name.en ?? id),
      written,
      frame: framePreview(frame, written),
      nonces,
    };
    const instructions = buildInstructions(promptInput);
    const request = buildRequest(promptInput);
    const messages = [
      { role: 'system', content: instructions },
      { role: 'user', content: request },
    ];
    const promptTokens = estimatePromptTokens(messages);
    const gate = await openGate(ctx, call, { caller: req.caller, declared, messages, promptTokens });

    // The last answer is remembered: provenance and the findings event check the same finished text.
    let checked: { text: string; findings: ReturnType<ReturnType<typeof checkerFor>['check']> } | undefined;
    const check = (draft: string) => {
      if (checked?.text !== draft) checked = { text: draft, findings: checkerFor(department, template).check(fromMarkdown(draft), templateCheckContext(template, lang, gate.classification)) };
      return checked.findings;
    };
    const replyText = input.replyTo ? [input.replyTo.subject, input.replyTo.from, input.replyTo.body].filter(Boolean).join('\n') : '';
    let outcome: Parameters<typeof provenanceOf>[0]['outcome'] | undefined;
    const modelPass = draftPass({
      frame,
      nonce: nonces.section,
      nonces,
      instructions,
      request,
      model,
      inputs: [...Object.values(input.fields), ...input.keyPoints, replyText, ...(template.citations ? sources.map((s) => `${s.title}\n${s.text}`) : [])],
      sources: template.citations ? sources.length : 0,
      // An answer holding the data nonce or a fixed sentence of the instructions has leaked the prompt.
      secrets: [nonces.data, DATA_RULE, FRAME_RULE],
      provenance: (o) => {
        outcome = o;
        return provenanceOf({ template, department, officer: req.caller.userId, outcome: o, findings: [...o.findings, ...check(o.markdown)] });
      },
      onRepairFailed: (reason) => ctx.log.warn({ reason }, 'draft repair call failed; the first answer stands'),
    });
    // With format "docx", `done` also carries the filled body.docx (the frame's values and the final sections).
    const pass = docxBody
      ? {
          ...modelPass,
          done: () => {
            const fields = modelPass.done();
            return { ...fields, ...(outcome ? modelDocx(docxBody, frame, outcome) : {}) };
          },
        }
      : modelPass;

    await generate(ctx, req, reply, {
      model,
      gate,
      instructions,
      request,
      promptTokens,
      pass,
      // The composer's draft, with the notice that says it was made without a model.
      offline: () => ({
        text: offline.markdown,
        notice: offline.notice,
        done: {
          provenance: offlineProvenanceOf({ template, department, officer: req.caller.userId, sections: written, findings: check(offline.markdown) }),
          ...(docxBody ? docxAnswer(docxBody, offline.fill) : {}),
        },
      }),
      check,
      meta: { template: template.key, lang, sources: sources.map(({ n, title, heading, file }) => ({ n, title, heading, file })) },
      keepDays: department.policy.keepText?.days,
      keptRequest: { fields: input.fields, keyPoints: input.keyPoints, replyTo: input.replyTo },
    });
  });
}

/** Passages for a draft; retrieval trouble never fails the draft (it is logged, and the draft has no sources). */
async function knowledgeFor(ctx: GatewayContext, input: DraftRetrievalInput): Promise<DraftKnowledge> {
  const none: DraftKnowledge = { sources: [], passages: [], classification: 'UNCLASSIFIED', withheld: 0 };
  if (!ctx.knowledge) return none;
  try {
    return await retrieveForDraft(ctx.knowledge, input);
  } catch (err) {
    ctx.log.warn({ reason: (err as Error).message }, 'knowledge retrieval failed; drafting without sources');
    return none;
  }
}

