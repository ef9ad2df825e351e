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
}

/**
 * Writes server-sent events to the client as they come: no buffering, no compression, a heartbeat when the
 * source is quiet, backpressure honoured, and an explicit error event when the source fails or the gateway
 * shuts down. A client that goes away aborts the source.
 */
export async function streamToClient(ctx: GatewayContext, reply: FastifyReply, source: AsyncIterable<string>, options: StreamOptions): Promise<StreamOutcome> {
  reply.hijack();
  const res = reply.raw;
  const inherited = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, v]) => v !== undefined)) as Record<string, string>;
  res.writeHead(200, { ...inherited, ...options.headers });
  res.flushHeaders?.();

  let lastWrite = Date.now();
  const write = (text: string): Promise<void> | void => {
    lastWrite = Date.now();
    if (res.write(text)) return;
    return new Promise((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  const heartbeatMs = ctx.config.server.heartbeatSeconds * 1000;
  const heartbeat = setInterval(() => {
    if (Date.now() - lastWrite >= heartbeatMs && !res.writableEnded) void write(SSE_HEARTBEAT);
  }, Math.max(50, Math.min(heartbeatMs / 2, 1000)));
  heartbeat.unref();

  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));
  let terminated: string | undefined;
  ctx.live.add({
    terminate(reason) {
      terminated = reason;
      options.abort.abort(new UpstreamError(503, reason, undefined, 'network'));
    },
    done,
  });

  let outcome: StreamOutcome = { kind: 'ok' };
  try {
    for await (const event of source) {
      if (res.destroyed) break;
      await write(event);
    }
    if (res.destroyed) outcome = { kind: 'cancelled' };
  } catch (err) {
    if (res.destroyed || (options.abort.signal.aborted && !terminated)) {
      outcome = { kind: 'cancelled' };
    } else {
      const message = terminated ?? (err instanceof Error ? err.message : String(err));
      const code = terminated ? 'gateway_shutting_down' : err instanceof UpstreamError ? `upstream_${err.kind}` : 'stream_failed';
      outcome = { kind: 'error', errorKind: err instanceof UpstreamError ? err.kind : 'internal', message };
      ctx.log.warn({ code, reason: message }, 'stream ended with an error');
      if (!res.writableEnded) await write(options.errorEvent(message, code));
    }
  } finally {
    clearInterval(heartbeat);
    options.abort.dispose();
    if (!res.writableEnded) res.end();
    settle();
  }
  return outcome;
}
