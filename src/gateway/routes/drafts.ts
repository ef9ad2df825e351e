import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkerFor, ruleSetsFor } from '../../core/checks/for-department';
import { builtinRuleSets } from '../../core/checks';
import { CLASSIFICATIONS, type Classification, type Finding } from '../../core/checks/types';
import { ComposeError, composeDraft, type ComposedDraft } from '../../core/templates/compose';
import { templateCheckContext } from '../../core/templates/check-context';
import type { Department, Template } from '../../core/templates/types';
import { fromMarkdown } from '../../core/text/document';
import type { GatewayContext } from '../context';
import { draftingChain } from '../drafting/chain';
import { buildInstructions, buildRequest, type Source } from '../drafting/prompt';
import { retrieveForDraft, type DraftKnowledge, type DraftRetrievalInput } from '../knowledge/drafting';
import { openGate, rank, type Gate } from '../gate';
import type { Provider, Usage } from '../providers/types';
import { sseEvent, SSE_HEADERS } from '../providers/sse';
import { streamToClient } from '../stream-writer';
import { writeAudit, type CallRecord } from '../call';
import { estimatePromptTokens, estimateTokens } from '../tokens';
import { HttpError } from '../types';
import { abortOnClientClose, upstreamFailure } from './chat-completions';
import { parseBody } from './validation';
import { redact } from '../policy/redaction';

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
  })
  .strict();

export type DraftRequest = z.output<typeof DraftRequestSchema>;

interface DraftResult {
  text: string;
  composer: 'model' | 'offline';
  provider: string;
  findings: Finding[];
  usage: { prompt_tokens: number; completion_tokens: number };
  notice?: ComposedDraft['notice'];
}

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
    const declared = [input.classification ?? 'UNCLASSIFIED', template.classification].sort((a, b) => rank(b) - rank(a))[0];

    // The offline composer validates fields against the template; its draft is also the fallback.
    let offline: ComposedDraft;
    try {
      offline = composeDraft({ template, department, fields: input.fields, keyPoints: input.keyPoints, lang, classification: declared });
    } catch (err) {
      if (err instanceof ComposeError) throw new HttpError(400, 'invalid_fields', err.message);
      throw err;
    }
    // Retrieval: the department's knowledge (and the shared knowledge) for the fields, key points and message.
    const knowledge = await knowledgeFor(ctx, { department: req.caller.department, template, lang, fields: input.fields, keyPoints: input.keyPoints, replyTo: input.replyTo });
    const sources: Source[] = knowledge.sources.map((h, i) => ({ n: i + 1, title: h.title, heading: h.heading || undefined, file: h.file, text: h.text }));
    const passages = template.citations ? knowledge.passages : [];
    if (passages.length) offline = composeDraft({ template, department, fields: input.fields, keyPoints: input.keyPoints, lang, classification: declared, passages });
    const names = builtinRuleSets();
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
    };
    const instructions = buildInstructions(promptInput);
    const request = buildRequest(promptInput);
    const messages = [
      { role: 'system', content: instructions },
      { role: 'user', content: request },
    ];
    const model = input.model ?? ctx.config.defaultModel;
    if (!ctx.router.has(model)) throw new HttpError(404, 'model_not_found', `model "${model}" does not exist`);
    call.model = model;
    const promptTokens = estimatePromptTokens(messages);
    const gate = openGate(ctx, call, { caller: req.caller, declared, messages, promptTokens });
    const effective = gate.classification;

    const isOffline = (p: Provider) => ctx.config.providers.find((c) => c.id === p.id)?.type === 'offline';
    const modelAllowed = (p: Provider) => gate.allowed(p) && !isOffline(p);
    const offlineAllowed = ctx.router.candidates(model, gate.allowed).some((d) => isOffline(d.provider));
    const check = (draft: string) => checkerFor(department, template).check(fromMarkdown(draft), templateCheckContext(template, lang, effective));

    const wantsJson = (req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/event-stream');
    const abort = abortOnClientClose(req, reply);
    let used = 0;
    try {
      const source = ctx.router.candidates(model, modelAllowed).length ? await openModelDraft(ctx, gate, model, instructions, request, abort.signal, modelAllowed) : undefined;
      if (!source && !offlineAllowed) throw new HttpError(403, 'no_allowed_provider', `no provider allowed for ${effective} text serves model "${model}"`);
      call.provider = source?.provider ?? 'offline';
      const meta = {
        template: template.key,
        lang,
        model,
        provider: call.provider,
        composer: source ? 'model' : 'offline',
        classification: effective,
        sources: sources.map(({ n, title, heading, file }) => ({ n, title, heading, file })),
        notice: source ? undefined : offline.notice,
      };
      const finish = (draft: string, usage: Usage | undefined, composer: 'model' | 'offline'): DraftResult => {
        const result: DraftResult = {
          text: draft,
          composer,
          provider: call.provider ?? 'offline',
          findings: check(draft),
          usage: { prompt_tokens: usage?.prompt_tokens ?? (composer === 'model' ? promptTokens : 0), completion_tokens: usage?.completion_tokens ?? estimateTokens(draft) },
          notice: composer === 'offline' ? offline.notice : undefined,
        };
        call.promptTokens = result.usage.prompt_tokens;
        call.completionTokens = result.usage.completion_tokens;
        used = result.usage.prompt_tokens + result.usage.completion_tokens;
        call.hashResponse(draft);
        keepText(call, department, input, draft);
        return result;
      };

      if (wantsJson) {
        let draft = offline.markdown;
        if (source) {
          draft = '';
          for await (const piece of source.pieces) draft += piece;
        }
        const result = finish(draft, source?.usage(), source ? 'model' : 'offline');
        abort.dispose();
        return reply.send({ ...meta, ...result });
      }

      async function* events(): AsyncGenerator<string> {
        yield sseEvent('meta', meta);
        let draft = '';
        const pieces = source ? source.pieces : paragraphs(offline.markdown);
        for await (const piece of pieces) {
          draft += piece;
          yield sseEvent('delta', { text: piece });
        }
        const result = finish(draft, source?.usage(), source ? 'model' : 'offline');
        yield sseEvent('findings', { findings: result.findings });
        yield sseEvent('done', { text: result.text, composer: result.composer, provider: result.provider, usage: result.usage });
      }
      call.streaming = true;
      const outcome = await streamToClient(ctx, reply, events(), {
        headers: SSE_HEADERS,
        abort,
        errorEvent: (message, code) => sseEvent('error', { message, code }),
      });
      call.outcome = outcome.kind === 'ok' ? 'ok' : outcome.kind === 'cancelled' ? 'cancelled' : 'error';
      if (outcome.kind !== 'ok' && !used) used = promptTokens;
      writeAudit(ctx, call, outcome.kind === 'cancelled' ? 499 : 200);
    } catch (err) {
      abort.dispose();
      throw upstreamFailure(ctx, err);
    } finally {
      ctx.writes.settle(gate.reservation, used > 0 ? used : null);
    }
  });
}

interface ModelDraft {
  provider: string;
  pieces: AsyncIterable<string>;
  usage(): Usage | undefined;
}

/** Starts the LangChain drafting chain and waits for its first piece, so routing failures are still HTTP errors. */
async function openModelDraft(ctx: GatewayContext, gate: Gate, model: string, instructions: string, request: string, signal: AbortSignal, allowed: (p: Provider) => boolean): Promise<ModelDraft> {
  let provider = '';
  let usage: Usage | undefined;
  const chain = draftingChain({
    router: ctx.router,
    model,
    maxTokens: gate.maxTokens,
    allowed,
    messagesFor: (p) => gate.messagesFor(p),
    restorerFor: (p) => gate.restorerFor(p),
    onRouted: (d) => (provider = d.provider.id),
    onUsage: (u) => (usage = u),
  });
  const stream = await chain.stream({ instructions, request }, { signal });
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  async function* pieces(): AsyncGenerator<string> {
    if (!first.done) yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { provider, pieces: pieces(), usage: () => usage };
}

/** Passages for a draft; retrieval trouble never fails the draft (it is logged, and the draft has no sources). */
async function knowledgeFor(ctx: GatewayContext, input: DraftRetrievalInput): Promise<DraftKnowledge> {
  if (!ctx.knowledge) return { sources: [], passages: [] };
  try {
    return await retrieveForDraft(ctx.knowledge, input);
  } catch (err) {
    ctx.log.warn({ reason: (err as Error).message }, 'knowledge retrieval failed; drafting without sources');
    return { sources: [], passages: [] };
  }
}

/** The offline draft streamed a paragraph at a time. */
async function* paragraphs(markdown: string): AsyncGenerator<string> {
  for (const part of markdown.split(/(?<=\n\n)/)) yield part;
}

function keepText(call: CallRecord, department: Department, input: DraftRequest, draft: string) {
  const days = department.policy.keepText?.days;
  if (!days) return;
  // Kept text is redacted: the audit store never holds raw personal data.
  call.keptText = {
    request: redact(JSON.stringify({ fields: input.fields, keyPoints: input.keyPoints, replyTo: input.replyTo })).text,
    response: redact(draft).text,
    expiresAt: new Date(Date.now() + days * 86_400_000).toISOString(),
  };
}

export type { FastifyReply, FastifyRequest };
