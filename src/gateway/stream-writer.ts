import type { FastifyReply } from 'fastify';
import type { GatewayContext } from './context';
import { SSE_HEARTBEAT } from './providers/sse';
import { UpstreamError } from './providers/types';

export interface StreamOutcome {
  kind: 'ok' | 'error' | 'cancelled';
  errorKind?: string;
  message?: string;
}

export interface StreamOptions {
  headers: Record<string, string>;
  abort: { signal: AbortSignal; abort(reason: unknown): void; dispose(): void };
  /** The event that tells the client the stream failed, so a failure never looks like a normal end. */
  errorEvent(message: string, code: string): string;
  /** Called when the response is committed (status 200 and headers sent): from then on the stream writes its own audit record. */
  onCommit?(): void;
}

/** A stream that has found its source: the events, and headers only known then (e.g. which provider serves it). */
export interface OpenedSource {
  source: AsyncIterable<string>;
  headers?: Record<string, string>;
}

/**
 * Writes server-sent events to the client as they come: no buffering, no compression, a heartbeat when the
 * source is quiet, backpressure honoured, and an explicit error event when the source fails or the gateway
 * shuts down. A client that goes away aborts the source.
 */
export function streamToClient(ctx: GatewayContext, reply: FastifyReply, source: AsyncIterable<string>, options: StreamOptions): Promise<StreamOutcome> {
  return streamWhenOpen(ctx, reply, Promise.resolve({ source }), options);
}

/**
 * Like streamToClient, for a source still being opened (routing, retries, the model's first token). When it
 * opens within one heartbeat interval nothing changes: a failure before then is thrown, and the route answers
 * with an HTTP status. When it takes longer, the response is committed — 200, the event-stream headers and a
 * keep-alive comment every heartbeat — so a proxy with a 60-second idle timeout does not cut a slow model;
 * a failure after that is the stream's error event.
 *
 * Every write has a deadline (server.writeDeadlineSeconds): a client that takes nothing for that long while the
 * gateway has something to send is cut, and its source aborted. On shutdown a stream whose client is not
 * reading is cut at once, so the grace period is the longest shutdown waits.
 */
export async function streamWhenOpen(ctx: GatewayContext, reply: FastifyReply, opening: Promise<OpenedSource>, options: StreamOptions): Promise<StreamOutcome> {
  const heartbeatMs = ctx.config.server.heartbeatSeconds * 1000;
  const writeDeadlineMs = ctx.config.server.writeDeadlineSeconds * 1000;
  // Observed at once, so a rejection after an early commit is never unhandled.
  const settled = opening.then(
    (opened) => ({ opened }),
    (error: unknown) => ({ error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const early = new Promise<'early'>((resolve) => (timer = setTimeout(() => resolve('early'), heartbeatMs)));
  const first = await Promise.race([settled, early]);
  clearTimeout(timer);
  if (first !== 'early' && 'error' in first) throw first.error;

  reply.hijack();
  const res = reply.raw;
  const inherited = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined)) as Record<string, string>;
  res.writeHead(200, { ...inherited, ...options.headers, ...(first !== 'early' ? first.opened.headers : {}) });
  res.flushHeaders?.();
  options.onCommit?.();

  let lastWrite = Date.now();
  /** Since when the client has left written data untaken (0: it is keeping up). */
  let blockedSince = 0;
  let cut: string | undefined;
  const cutOff = (reason: string) => {
    if (cut || res.destroyed) return;
    cut = reason;
    ctx.log.warn({ reason }, 'stream cut: the client is not reading');
    options.abort.abort(new UpstreamError(499, reason, undefined, 'network'));
    res.destroy();
  };
  const write = (text: string): Promise<void> | void => {
    lastWrite = Date.now();
    if (res.destroyed || res.writableEnded) return;
    if (res.write(text)) return;
    blockedSince ||= Date.now();
    return new Promise((resolve) => {
      const done = () => {
        blockedSince = 0;
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  const tick = setInterval(
    () => {
      if (blockedSince && Date.now() - blockedSince >= writeDeadlineMs) cutOff(`the client took nothing for ${ctx.config.server.writeDeadlineSeconds} s`);
      else if (!blockedSince && Date.now() - lastWrite >= heartbeatMs && !res.writableEnded) void write(SSE_HEARTBEAT);
    },
    Math.max(50, Math.min(heartbeatMs / 2, writeDeadlineMs / 2, 1000)),
  );
  tick.unref();
  // Before the first token, a comment at once: the client (and any proxy) sees the stream has begun.
  if (first === 'early') void write(SSE_HEARTBEAT);

  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  let terminated: string | undefined;
  ctx.live.add({
    terminate(reason) {
      terminated = reason;
      options.abort.abort(new UpstreamError(503, reason, undefined, 'network'));
      // A client that is not reading would never take the error event: shutdown does not wait for it.
      if (blockedSince) cutOff(`${reason}, and the client is not reading`);
    },
    done,
  });

  let outcome: StreamOutcome = { kind: 'ok' };
  try {
    const opened = first === 'early' ? await settled : first;
    if ('error' in opened) throw opened.error;
    for await (const event of opened.opened.source) {
      if (res.destroyed) break;
      await write(event);
    }
    if (res.destroyed) outcome = { kind: 'cancelled', ...(cut ? { message: cut } : {}) };
  } catch (err) {
    if (cut || res.destroyed || (options.abort.signal.aborted && !terminated)) {
      outcome = { kind: 'cancelled', ...(cut ? { message: cut } : {}) };
    } else {
      const message = terminated ?? (err instanceof Error ? err.message : String(err));
      const code = terminated ? 'gateway_shutting_down' : err instanceof UpstreamError ? `upstream_${err.kind}` : 'stream_failed';
      outcome = { kind: 'error', errorKind: err instanceof UpstreamError ? err.kind : 'internal', message };
      ctx.log.warn({ code, reason: message }, 'stream ended with an error');
      if (!res.writableEnded) await write(options.errorEvent(message, code));
    }
  } finally {
    clearInterval(tick);
    options.abort.dispose();
    if (!res.writableEnded && !res.destroyed) res.end();
    settle();
  }
  return outcome;
}
