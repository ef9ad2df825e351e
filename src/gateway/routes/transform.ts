import { declaredClassification } from './chat-completions';
import { declaredOf } from '../policy/classification';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkerFor } from '../../core/checks/for-department';
import { CLASSIFICATIONS, type Classification, type Finding } from '../../core/checks/types';
import { fromMarkdown } from '../../core/text/document';
import { detectLanguage } from '../../core/text/script';
import * as offline from '../../core/transform';
import type { GatewayContext } from '../context';
import { openGate } from '../gate';
import { generate, type OfflineText } from '../generate';
import { estimatePromptTokens } from '../tokens';
import { newNonce } from '../drafting/model-pass';
import { buildTransformInstructions, buildTransformRequest, promptLeaks, TRANSFORM_DATA_RULE, type Lang } from '../transform/prompt';
import { HttpError } from '../types';
import { templateFor } from './drafts';
import { parseBody } from './validation';

const Lang = z.enum(['zh-HK', 'en']);

export const TransformRequestSchema = z
  .object({
    action: z.enum(['polish', 'translate', 'summarise', 'formalise', 'minutes']),
    text: z.string().min(1, 'must not be empty').max(100_000, 'must be at most 100000 characters'),
    /** The language of the result; for translate, the target. Defaults to the text's own (translate: the other one). */
    lang: Lang.optional(),
    length: z.enum(['short', 'medium', 'long']).default('medium'),
    form: z.enum(['bullets', 'paragraph']).default('bullets'),
    style: z.enum(['decisions', 'summary', 'detailed']).default('summary'),
    /** For minutes: the department's minutes template, e.g. "fehd/minutes". */
    template: z.string().optional(),
    classification: z.enum(CLASSIFICATIONS as unknown as [Classification, ...Classification[]]).optional(),
    model: z.string().optional(),
  })
  .strict();

/**
 * POST /v1/transform: polish, translate, summarise, formalise, minutes. The same policy gate, quotas,
 * redaction and audit as every model call; without a model, the core's deterministic paths, which say what
 * they did (and that a translation is partial).
 */
export function registerTransform(app: FastifyInstance, ctx: GatewayContext): void {
  app.post('/v1/transform', async (req, reply) => {
    const call = req.call;
    const input = parseBody(TransformRequestSchema, req.body);
    call.hashRequest(input);
    const department = ctx.packs.departments.get(req.caller.department);
    const glossary = department?.glossary ?? [];
    const sourceLang: Lang = detectLanguage(input.text) === 'en' ? 'en' : 'zh-HK';
    const lang: Lang = input.lang ?? (input.action === 'translate' ? (sourceLang === 'en' ? 'zh-HK' : 'en') : input.action === 'formalise' ? 'zh-HK' : sourceLang);
    if (input.action === 'translate' && lang === sourceLang && !input.lang) throw new HttpError(400, 'invalid_request', 'say which language to translate into (lang)');
    const minutesTemplate = input.action === 'minutes' ? minutesTemplateFor(ctx, req.caller.department, input.template) : undefined;
    if (minutesTemplate) call.template = minutesTemplate.key;

    const pairs = offline.glossaryPairsFor(input.text, glossary);
    const nonce = newNonce();
    const instructions = buildTransformInstructions({ ...input, lang, from: sourceLang, template: minutesTemplate, glossary: pairs, nonce });
    const request = buildTransformRequest(input.text, nonce);
    const messages = [
      { role: 'system', content: instructions },
      { role: 'user', content: request },
    ];
    const model = input.model ?? ctx.config.defaultModel;
    if (!ctx.router.has(model)) throw new HttpError(404, 'model_not_found', `model "${model}" does not exist`);
    call.model = model;
    const promptTokens = estimatePromptTokens(messages);
    const gate = await openGate(ctx, call, { caller: req.caller, declared: declaredOf(input.classification, declaredClassification(req)), messages, promptTokens });

    const check = (text: string): Finding[] => {
      const findings = checkerFor(department, minutesTemplate).check(fromMarkdown(text), { lang, classification: gate.classification });
      if (input.action === 'translate') findings.push(...offline.glossaryDeviations(input.text, text, glossary, { from: sourceLang, to: lang }));
      // The answer must not repeat the data nonce or the instruction about the data (a sign the prompt leaked).
      for (const leak of promptLeaks(text, [nonce, TRANSFORM_DATA_RULE])) findings.push(leakFinding(text, leak.at, leak.secret));
      return findings;
    };

    await generate(ctx, req, reply, {
      model,
      gate,
      instructions,
      request,
      promptTokens,
      offline: () => offlineTransform(input, lang, sourceLang, glossary, minutesTemplate),
      check,
      meta: { action: input.action, lang, from: sourceLang, glossary: pairs, template: minutesTemplate?.key },
      keepDays: department?.policy.keepText?.days,
      keptRequest: { action: input.action, text: input.text },
    });
  });
}

function minutesTemplateFor(ctx: GatewayContext, department: string, key: string | undefined) {
  if (key) {
    const { template } = templateFor(ctx, department, key);
    if (template.kind !== 'minutes') throw new HttpError(400, 'invalid_request', `template ${key} is a ${template.kind}, not minutes`);
    return template;
  }
  return ctx.packs.departments.get(department)?.templates.find((t) => t.kind === 'minutes');
}

function offlineTransform(
  input: z.output<typeof TransformRequestSchema>,
  lang: Lang,
  sourceLang: Lang,
  glossary: Parameters<typeof offline.glossaryPairsFor>[1],
  template: ReturnType<typeof minutesTemplateFor>,
): OfflineText {
  const sentences = input.length === 'short' ? 3 : input.length === 'long' ? 8 : 5;
  const result =
    input.action === 'formalise'
      ? offline.formalise(input.text)
      : input.action === 'polish'
        ? offline.polishOffline(input.text, lang)
        : input.action === 'translate'
          ? offline.translateGlossaryOnly(input.text, sourceLang, lang, glossary)
          : input.action === 'summarise'
            ? offline.summariseExtractive(input.text, { sentences, form: input.form })
            : template
              ? offline.minutesFromNotes(input.text, template, { style: input.style, lang })
              : undefined;
  if (!result) throw new HttpError(400, 'invalid_request', 'this department has no minutes template');
  return {
    text: result.text,
    partial: result.partial,
    notice: {
      'zh-HK': ['此結果未經語言模型處理，由文書通按規則離線產生。', ...result.notes.map((n) => n['zh-HK'])].join(''),
      en: ['Produced offline by Wenshu by rule, with no language model.', ...result.notes.map((n) => n.en)].join(' '),
    },
  };
}

/** A prompt leak as a finding on the first line that shows it. */
function leakFinding(text: string, at: number, secret: string): Finding {
  const doc = fromMarkdown(text);
  const block = [...doc.blocks].reverse().find((b) => (b.offset ?? 0) <= at) ?? doc.blocks[0];
  const start = Math.max(0, at - (block?.offset ?? 0));
  const end = Math.min(block?.text.length ?? 0, start + secret.length);
  return {
    ruleId: 'drafting/prompt-leak',
    level: 'error',
    message: { en: 'The answer repeats part of the instructions Wenshu gave the model; check it before use.', 'zh-HK': '結果重複了文書通給予模型的指示，使用前請核對。' },
    block: block?.id ?? 'b0',
    start,
    end,
    text: block ? block.text.slice(start, end) : '',
    fixes: [],
  };
}
