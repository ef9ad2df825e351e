/**
 * Answering a request with generated text — a draft or a transformed passage — the same way everywhere:
 * the model through the LangChain chain over the router (policy, retries, fallbacks, redaction), or the
 * deterministic offline path when no model may or can serve it; then the core's findings on the result.
 * Streams server-sent events `meta`, `delta`…, `findings`, `done` (or `error`), or answers once in JSON
 * when the client asks for `application/json`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Finding } from '../core/checks/types';
import { commitAudit, writeAudit } from './call';
import type { GatewayContext } from './context';
import { draftingChain } from './drafting/chain';
import { openGate, type Gate } from './gate';
import { redact, redactDeep } from './policy/redaction';
import { SSE_HEADERS, sseEvent } from './providers/sse';
import type { Provider, Usage } from './providers/types';
import { abortOnClientClose, upstreamFailure } from './routes/chat-completions';
import { streamWhenOpen } from './stream-writer';
import { estimatePromptTokens, estimateTokens } from './tokens';
import { HttpError } from './types';

export interface OfflineText {
  text: string;
  /** What the offline path did, in both languages (shown to the officer). */
  notice: { 'zh-HK': string; en: string };
  partial?: boolean;
  /** Fields the offline answer adds to `done` (a draft's provenance). */
  done?: Record<string, unknown>;
}

export interface GenerateOptions {
  model: string;
  gate: Gate;
  instructions: string;
  request: string;
  promptTokens: number;
  /** The deterministic answer, computed only when it is needed. */
  offline(): OfflineText;
  /** Findings on the finished text. */
  check(text: string): Finding[];
  /** Whatever the route adds to the `meta` event. */
  meta: Record<string, unknown>;
  /** The department keeps (redacted) text for this many days; hashes only when absent. */
  keepDays?: number;
  keptRequest?: unknown;
  /** What the model's text goes through before the officer sees it (drafts: sections into the frame). */
  pass?: ModelPass;
}

/** A model call's whole answer, for a pass that asks for one more (the repair call). */
export interface ModelAnswer {
  text: string;
  provider: string;
}

/**
 * Turns the model's raw pieces into the pieces the officer sees. `again` makes one more model call through the
 * same gate, quota and audit as the first (a new reservation and its own audit record).
 */
export interface ModelPass {
  run(raw: AsyncIterable<string>, provider: string, again: (prompt: { instructions: string; request: string }) => Promise<ModelAnswer>): AsyncIterable<string>;
  /** After `run`: the pass's own findings on the finished text, the fixes it applied, and fields for `done`. */
  findings(): Finding[];
  applied(): unknown[];
  done(): Record<string, unknown>;
}

interface ModelText {
  provider: string;
  pieces: AsyncIterable<string>;
  usage(): Usage | undefined;
}

export async function generate(ctx: GatewayContext, req: FastifyRequest, reply: FastifyReply, options: GenerateOptions): Promise<void> {
  const { gate, model, promptTokens } = options;
  const call = req.call;
  const isOffline = (p: Provider) => ctx.config.providers.find((c) => c.id === p.id)?.type === 'offline';
  const modelAllowed = (p: Provider) => gate.allowed(p) && !isOffline(p);
  const offlineAllowed = ctx.router.candidates(model, gate.allowed).some((d) => isOffline(d.provider));
  const wantsJson = (req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/event-stream');
  const abort = abortOnClientClose(req, reply);
  let used = 0;
  try {
    // The model call is opened (routed, first piece awaited) while the stream waits: a slow first token commits
    // the response early with keep-alive comments (stream-writer.ts), so a proxy does not cut the draft.
    const opening = ctx.router.candidates(model, modelAllowed).length ? openModelText(ctx, options, abort.signal, modelAllowed) : Promise.resolve(undefined);
    let source: ModelText | undefined;
    const answer = (opened: ModelText | undefined) => {
      source = opened;
      if (!source && !offlineAllowed) throw new HttpError(403, 'no_allowed_provider', `no provider allowed for ${gate.classification} text serves model "${model}"`);
      const offline = source ? undefined : options.offline();
      call.provider = source?.provider ?? 'offline';
      const composer = source ? ('model' as const) : ('offline' as const);
      const meta = { ...options.meta, model, provider: call.provider, composer, classification: gate.classification, notice: offline?.notice, partial: offline?.partial };
      const pass = source ? options.pass : undefined;

      // One more model call for the pass (a repair), gated, reserved, settled and audited like the first.
      const again = async (prompt: { instructions: string; request: string }): Promise<ModelAnswer> => {
        const second = call.child(`${call.endpoint}#repair`);
        second.template = call.template;
        second.model = call.model;
        second.hashRequest(prompt.request);
        const messages = [
          { role: 'system', content: prompt.instructions },
          { role: 'user', content: prompt.request },
        ];
        const tokens = estimatePromptTokens(messages);
        let secondGate: Gate | undefined;
        let spent = 0;
        try {
          secondGate = await openGate(ctx, second, { caller: req.caller, declared: gate.classification, messages, promptTokens: tokens });
          const g = secondGate;
          const answer = await openModelText(ctx, { ...options, gate: g, instructions: prompt.instructions, request: prompt.request }, abort.signal, (p) => g.allowed(p) && !isOffline(p));
          second.provider = answer.provider;
          let text = '';
          for await (const piece of answer.pieces) text += piece;
          const u = answer.usage();
          second.promptTokens = u?.prompt_tokens ?? tokens;
          second.completionTokens = u?.completion_tokens ?? estimateTokens(text);
          spent = second.promptTokens + second.completionTokens;
          second.hashResponse(text);
          // Its text goes into the answer: no record, no answer (a failure here ends the draft with an error).
          await commitAudit(ctx, second, 200);
          return { text, provider: answer.provider };
        } catch (err) {
          // A refusal (403, 429) is recorded as one by its status; anything else is an error.
          if (!(err instanceof HttpError)) second.outcome = 'error';
          writeAudit(ctx, second, err instanceof HttpError ? err.statusCode : 502);
          throw err;
        } finally {
          if (secondGate) ctx.writes.settle(secondGate.reservation, spent > 0 ? spent : null);
        }
      };
      const modelPieces = source ? (pass ? pass.run(source.pieces, source.provider, again) : source.pieces) : undefined;

      const finish = (text: string) => {
        const usage = source?.usage();
        const result = {
          text,
          composer,
          provider: call.provider ?? 'offline',
          findings: [...(pass?.findings() ?? []), ...options.check(text)],
          ...(pass ? { applied: pass.applied(), ...pass.done() } : {}),
          ...(offline?.done ?? {}),
          usage: { prompt_tokens: usage?.prompt_tokens ?? (source ? promptTokens : 0), completion_tokens: usage?.completion_tokens ?? estimateTokens(text) },
        };
        call.promptTokens = result.usage.prompt_tokens;
        call.completionTokens = result.usage.completion_tokens;
        used = result.usage.prompt_tokens + result.usage.completion_tokens;
        call.hashResponse(text);
        if (options.keepDays) {
          // Kept text is redacted: the audit store never holds raw personal data.
          // Each string redacted before serialising: after it, a value behind an escaped "\n" escapes the patterns.
          // One map for both, so a placeholder names the same value in the kept request and response.
          const kept = redactDeep(options.keptRequest ?? null);
          call.keptText = {
            request: JSON.stringify(kept.value),
            response: redact(text, { map: kept.map }).text,
            expiresAt: new Date(Date.now() + options.keepDays * 86_400_000).toISOString(),
          };
        }
        return result;
      };

      const json = async (): Promise<void> => {
        let text = offline?.text ?? '';
        if (modelPieces) for await (const piece of modelPieces) text += piece;
        const result = finish(text);
        abort.dispose();
        await reply.send({ ...meta, ...result });
      };

      async function* events(): AsyncGenerator<string> {
        yield sseEvent('meta', meta);
        let text = '';
        for await (const piece of modelPieces ?? paragraphs(offline?.text ?? '')) {
          text += piece;
          yield sseEvent('delta', { text: piece });
        }
        const result = finish(text);
        const { text: finalText, findings, usage, composer: by, provider: via, ...extra } = result;
        yield sseEvent('findings', { findings, ...(pass ? { applied: extra.applied } : {}) });
        // The stream's end is sent only once the call's record is committed; a failed write ends it with an error event.
        await commitAudit(ctx, call, 200);
        yield sseEvent('done', { text: finalText, composer: by, provider: via, usage, ...extra });
      }
      return { json, events };
    };

    if (wantsJson) {
      await answer(await opening).json();
      return;
    }
    const outcome = await streamWhenOpen(ctx, reply, opening.then((opened) => ({ source: answer(opened).events() })), {
      headers: SSE_HEADERS,
      abort,
      errorEvent: (message, code) => sseEvent('error', { message, code }),
      onCommit: () => (call.streaming = true),
    });
    call.outcome = outcome.kind === 'ok' ? 'ok' : outcome.kind === 'cancelled' ? 'cancelled' : 'error';
    if (outcome.kind !== 'ok' && !used) used = source ? promptTokens : 0;
    writeAudit(ctx, call, outcome.kind === 'cancelled' ? 499 : 200);
  } catch (err) {
    abort.dispose();
    throw upstreamFailure(ctx, err);
  } finally {
    ctx.writes.settle(gate.reservation, used > 0 ? used : null);
  }
}

/** Starts the LangChain chain and waits for its first piece, so routing failures are still HTTP errors. */
async function openModelText(ctx: GatewayContext, options: GenerateOptions, signal: AbortSignal, allowed: (p: Provider) => boolean): Promise<ModelText> {
  let provider = '';
  let usage: Usage | undefined;
  const chain = draftingChain({
    router: ctx.router,
    model: options.model,
    maxTokens: options.gate.maxTokens,
    allowed,
    messagesFor: (p) => options.gate.messagesFor(p),
    restorerFor: (p) => options.gate.restorerFor(p),
    onRouted: (d) => (provider = d.provider.id),
    onUsage: (u) => (usage = u),
  });
  const stream = await chain.stream({ instructions: options.instructions, request: options.request }, { signal });
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  async function* pieces(): AsyncGenerator<string> {
    if (!first.done) yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { provider, pieces: pieces(), usage: () => usage };
}

/** Offline text streamed a paragraph at a time. */
async function* paragraphs(text: string): AsyncGenerator<string> {
  for (const part of text.split(/(?<=\n\n)/)) yield part;
}
