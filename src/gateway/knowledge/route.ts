/**
 * POST /v1/knowledge/search: the add-in's "find in department knowledge" box. The caller searches their own
 * department's knowledge and the shared knowledge only; the department comes from authentication, never from
 * the request. The query is an outbound text when embeddings are configured: its classification (the
 * `classification` field or x-wenshu-classification header, and any marking in the query) decides whether it
 * may go to the embeddings provider at all, and it is redacted for an external one (knowledge-base.ts).
 * Each result says the classification of its file.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import type { GatewayContext } from '../context';
import { declaredOf, effectiveClassification } from '../policy/classification';
import { declaredClassification } from '../routes/chat-completions';
import { parseBody } from '../routes/validation';
import { HttpError } from '../types';

export const KnowledgeSearchSchema = z
  .object({
    query: z.string().trim().min(1, 'must not be empty').max(2_000, 'must be at most 2000 characters'),
    k: z.number().int().min(1).max(20).default(5),
    /** 'lexical' skips the embeddings model even when one is configured. */
    mode: z.enum(['auto', 'lexical']).default('auto'),
    classification: z.enum(CLASSIFICATIONS as unknown as [Classification, ...Classification[]]).optional(),
  })
  .strict();

export function registerKnowledgeRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.post('/v1/knowledge/search', async (req) => {
    const input = parseBody(KnowledgeSearchSchema, req.body);
    req.call.hashRequest(input);
    const kb = ctx.knowledge;
    if (!kb) throw new HttpError(503, 'knowledge_unavailable', 'the knowledge index is not available on this gateway');
    const department = req.caller.department;
    const classification = effectiveClassification(declaredOf(input.classification, declaredClassification(req)), [input.query]);
    const result = await kb.search(department, input.query, { k: input.k, mode: input.mode, classification });
    const results = result.hits.map((h, i) => ({
      n: i + 1,
      id: h.id,
      title: h.title,
      heading: h.heading,
      file: h.file,
      text: h.text,
      lang: h.lang,
      shared: h.shared,
      classification: h.classification,
      score: Math.round(h.score * 1000) / 1000,
    }));
    req.call.hashResponse(results.map((r) => r.id));
    return {
      department,
      mode: result.mode,
      indexing: kb.indexing,
      results,
      ...(result.warning ? { warning: result.warning } : {}),
      ...(result.lexicalOnly ? { lexicalOnly: result.lexicalOnly } : {}),
    };
  });
}
