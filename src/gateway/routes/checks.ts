import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkerFor } from '../../core/checks/for-department';
import { BUILTIN_RULE_SET_IDS, UnknownRuleSetError } from '../../core/checks';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import { templateCheckContext } from '../../core/templates/check-context';
import { fromParagraphs, fromPlainText } from '../../core/text/document';
import type { GatewayContext } from '../context';
import { HttpError } from '../types';
import { templateFor } from './drafts';
import { parseBody } from './validation';

const Block = z.object({
  kind: z.enum(['heading', 'paragraph', 'list-item', 'table-cell']).default('paragraph'),
  text: z.string().max(100_000),
  style: z.string().max(200).optional(),
  level: z.number().int().min(1).max(9).optional(),
});

export const CheckRequestSchema = z
  .object({
    text: z.string().max(1_000_000).optional(),
    blocks: z.array(Block).max(20_000).optional(),
    template: z.string().optional(),
    ruleSets: z.array(z.string()).optional(),
    lang: z.enum(['zh-HK', 'en']).optional(),
    classification: z.enum(CLASSIFICATIONS as unknown as [Classification, ...Classification[]]).optional(),
  })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.blocks === undefined), { message: 'send either text or blocks (one of them)' });

/** POST /v1/checks: the core's findings, with the caller's department rules. No model is involved. */
export function registerChecks(app: FastifyInstance, ctx: GatewayContext): void {
  app.post('/v1/checks', async (req) => {
    const input = parseBody(CheckRequestSchema, req.body);
    req.call.hashRequest(input);
    const department = ctx.packs.departments.get(req.caller.department);
    const found = input.template ? templateFor(ctx, req.caller.department, input.template) : undefined;
    req.call.template = input.template;
    const unknown = input.ruleSets?.find((id) => !BUILTIN_RULE_SET_IDS.includes(id));
    if (unknown) throw new HttpError(400, 'unknown_rule_set', new UnknownRuleSetError(unknown).message);
    const doc = input.blocks ? fromParagraphs(input.blocks) : fromPlainText(input.text ?? '');
    const lang = input.lang ?? found?.template.languages[0];
    const context = found ? templateCheckContext(found.template, lang ?? 'zh-HK', input.classification) : { classification: input.classification, lang };
    const findings = checkerFor(department, found?.template, input.ruleSets).check(doc, context);
    req.call.hashResponse(findings);
    return { findings, blocks: doc.blocks.map(({ id, offset }) => ({ id, offset })) };
  });
}
