import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';

import type { GatewayContext } from '../context';
import { openGate, type Gate } from '../gate';
import type { Routed, OpenedStream } from '../providers/router';
import { SSE_HEADERS, sseData } from '../providers/sse';
import { UpstreamError, type ChatBody, type ChatChunk, type ChatCompletion } from '../providers/types';
import { createChunkRestorer, restoreCompletion } from '../policy/redaction';
import { streamWhenOpen, type StreamOutcome } from '../stream-writer';
import { commitAudit, writeAudit, type CallRecord } from '../call';
import { estimatePromptTokens, estimateTokens } from '../tokens';
import { HttpError } from '../types';
import { parseBody } from './validation';

const Message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
    content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]),
  })
  .loose();

export const ChatRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(Message).min(1),
    stream: z.boolean().optional(),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().optional(),
  })
  .loose();

/** Parameters no department needs and that leak more than they give. */
const STRIPPED = ['logprobs', 'top_logprobs', 'logit_bias'];

export const CLASSIFICATION_HEADER = 'x-wenshu-classification';

export function declaredClassification(req: FastifyRequest): Classification | undefined {
  const raw = req.headers[CLASSIFICATION_HEADER];
  if (raw === undefined) return undefined;
  const value = String(raw).trim().toUpperCase();
  if (!(CLASSIFICATIONS as readonly string[]).includes(value)) {
    throw new HttpError(400, 'invalid_classification', `${CLASSIFICATION_HEADER} must be one of ${CLASSIFICATIONS.join(', ')}`);
  }
  return value as Classification;
}

export function registerChatCompletions(app: FastifyInstance, ctx: GatewayContext): void {
  app.post('/v1/chat/completions', async (req, reply) => {
    const call = req.call;
    const caller = req.caller;
    const parsed = parseBody(ChatRequestSchema, req.body);
    call.model = parsed.model;
    call.hashRequest(parsed);
    if (!ctx.router.has(parsed.model)) {
      throw new HttpError(404, 'model_not_found', `model "${parsed.model}" does not exist (GET /v1/models lists them)`);
    }
    const body: ChatBody = { ...(parsed as ChatBody) };
    for (const key of STRIPPED) delete body[key];
    const promptTokens = estimatePromptTokens(body.messages);
    const gate = await openGate(ctx, call, {
      caller,
      declared: declaredClassification(req),
      messages: body.messages,
      promptTokens,
      requestedMaxTokens: body.max_completion_tokens ?? body.max_tokens,
    });
    // The cap goes out under the name the client used: newer models (and OpenAI's reasoning models) take only
    // max_completion_tokens and refuse max_tokens. A client that named neither gets max_tokens, which every
    // OpenAI-compatible server knows.
    if (body.max_completion_tokens !== undefined) {
      body.max_completion_tokens = gate.maxTokens;
      delete body.max_tokens;
    } else body.max_tokens = gate.maxTokens;

    let usedTokens = 0;
    try {
      if (body.stream) {
        usedTokens = await streamCompletion(ctx, req, reply, call, gate, body, promptTokens);
      } else {
        usedTokens = await complete(ctx, req, reply, call, gate, body, promptTokens);
      }
    } finally {
      ctx.writes.settle(gate.reservation, usedTokens > 0 ? usedTokens : null);
    }
  });
}

async function complete(ctx: GatewayContext, req: FastifyRequest, reply: FastifyReply, call: CallRecord, gate: Gate, body: ChatBody, promptTokens: number) {
  const abort = abortOnClientClose(req, reply);
  let routed: Routed<ChatCompletion>;
  try {
    routed = await ctx.router.complete(body.model, body, gate.allowed, abort.signal, (p) => ({ ...body, messages: gate.messagesFor(p) }));
  } catch (err) {
    throw upstreamFailure(ctx, err);
  } finally {
    abort.dispose();
  }
  const { deployment, result } = routed;
  call.provider = deployment.provider.id;
  // Every choice, and in each its content, reasoning and tool-call arguments, restored with its own restorer.
  restoreCompletion(result, () => gate.restorerFor(deployment.provider));
  result.model = body.model;
  const usage = result.usage ?? {
    prompt_tokens: promptTokens,
    completion_tokens: estimateTokens(result.choices?.map((c) => c.message?.content ?? '').join('') ?? ''),
  };
  countTokens(ctx, call, usage.prompt_tokens, usage.completion_tokens);
  call.hashResponse(result);
  reply.header('x-wenshu-provider', deployment.provider.id);
  await reply.send(result);
  return usage.prompt_tokens + usage.completion_tokens;
}

async function streamCompletion(ctx: GatewayContext, req: FastifyRequest, reply: FastifyReply, call: CallRecord, gate: Gate, body: ChatBody, promptTokens: number) {
  const wantsUsage = body.stream_options?.include_usage === true;
  // Ask the upstream for usage so budgets are reconciled with real counts; the client sees it only if it asked.
  const upstreamBody: ChatBody = { ...body, stream: true, stream_options: { ...body.stream_options, include_usage: true } };
  const abort = abortOnClientClose(req, reply);
  let routed: Routed<OpenedStream> | undefined;
  let restorer: ReturnType<typeof createChunkRestorer> | undefined;
  const opening = ctx.router.openStream(body.model, upstreamBody, gate.allowed, abort.signal, (p) => ({ ...upstreamBody, messages: gate.messagesFor(p) })).then((r) => {
    routed = r;
    call.provider = r.deployment.provider.id;
    // One restorer per choice and per text in it (streamed chunks interleave choices and tool calls).
    restorer = createChunkRestorer(() => gate.restorerFor(r.deployment.provider));
    ctx.metrics.firstToken.observe({ model: body.model }, (Date.now() - call.startedAt) / 1000);
    return { source: chunks(), headers: { 'x-wenshu-provider': r.deployment.provider.id } };
  });

  let completionText = '';
  let usage: ChatChunk['usage'];
  let sealed = false;
  /** Token counts and the response digest, once: before [DONE], or when the stream ended otherwise. */
  const seal = () => {
    if (sealed) return;
    sealed = true;
    countTokens(ctx, call, usage?.prompt_tokens ?? promptTokens, usage?.completion_tokens ?? estimateTokens(completionText));
    call.hashResponse(completionText);
  };
  async function* chunks(): AsyncGenerator<string> {
    const { result } = routed!;
    let pending: ChatChunk | undefined = result.first;
    for (;;) {
      const chunk: ChatChunk | undefined = pending ?? (await next(result.rest));
      pending = undefined;
      if (!chunk) break;
      if (chunk.usage) usage = chunk.usage;
      completionText += restorer!.push(chunk);
      chunk.model = body.model;
      if (chunk.usage && !wantsUsage) {
        if (!chunk.choices?.length) continue;
        delete chunk.usage;
      }
      yield sseData(JSON.stringify(chunk));
    }
    const held = restorer!.end();
    if (held) yield sseData(JSON.stringify({ ...held, model: body.model }));
    // [DONE] is sent only once the call's record is committed; a failed write ends the stream with an error event.
    seal();
    await commitAudit(ctx, call, 200);
    yield sseData('[DONE]');
  }

  let outcome: StreamOutcome;
  try {
    // A slow first token commits the response early with keep-alive comments (stream-writer.ts); a failure
    // before that is still an HTTP error.
    outcome = await streamWhenOpen(ctx, reply, opening, {
      headers: { ...SSE_HEADERS },
      abort,
      errorEvent: (message, code) => sseData(JSON.stringify({ error: { message, type: 'upstream_error', code } })),
      onCommit: () => (call.streaming = true),
    });
  } catch (err) {
    abort.dispose();
    throw upstreamFailure(ctx, err);
  }
  call.outcome = outcome.kind === 'ok' ? 'ok' : outcome.kind === 'cancelled' ? 'cancelled' : 'error';
  if (outcome.kind === 'error') ctx.metrics.upstreamErrors.inc({ provider: routed?.deployment.provider.id ?? 'route', kind: outcome.errorKind ?? 'stream' });
  seal();
  writeAudit(ctx, call, outcome.kind === 'cancelled' ? 499 : 200);
  return call.promptTokens + call.completionTokens;
}

async function next(it: AsyncIterator<ChatChunk>): Promise<ChatChunk | undefined> {
  const r = await it.next();
  return r.done ? undefined : r.value;
}

function countTokens(ctx: GatewayContext, call: CallRecord, prompt: number, completion: number) {
  call.promptTokens = prompt;
  call.completionTokens = completion;
  const labels = { model: call.model ?? '-', department: call.caller?.department ?? '-' };
  ctx.metrics.tokens.inc({ ...labels, direction: 'prompt' }, prompt);
  ctx.metrics.tokens.inc({ ...labels, direction: 'completion' }, completion);
}

/** An upstream failure before anything reached the client, as the HTTP error the client gets. */
export function upstreamFailure(ctx: GatewayContext, err: unknown): unknown {
  if (!(err instanceof UpstreamError)) return err;
  ctx.metrics.upstreamErrors.inc({ provider: 'route', kind: err.kind });
  if (err.status === 499) return new HttpError(499, 'client_closed', 'the client closed the request');
  if (err.kind === 'timeout') return new HttpError(504, 'upstream_timeout', err.message);
  if (err.status === 400 || err.status === 422) return new HttpError(400, 'upstream_rejected', err.message);
  if (err.kind === 'unavailable') {
    return new HttpError(503, 'no_deployment_available', err.message, { 'retry-after': String(Math.max(1, Math.ceil((err.retryAfterMs ?? 1_000) / 1000))) });
  }
  const headers: Record<string, string> = err.status === 429 && err.retryAfterMs !== undefined ? { 'retry-after': String(Math.ceil(err.retryAfterMs / 1000)) } : {};
  return new HttpError(err.status === 429 ? 429 : 502, 'upstream_error', err.message, headers);
}

/** An AbortController that fires when the client goes away before the response is complete. */
export function abortOnClientClose(req: FastifyRequest, reply: FastifyReply) {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new UpstreamError(499, 'client cancelled the request', undefined, 'network'));
  };
  reply.raw.on('close', onClose);
  return {
    signal: controller.signal,
    abort: (reason: unknown) => controller.abort(reason),
    dispose: () => reply.raw.off('close', onClose),
  };
}
