/**
 * One streamed action on a piece of text: POST /v1/transform, the result appended as `delta`s arrive, `meta` (the
 * composer, the offline notice, partial), the core's `findings` on the finished text, then `done`. Stop aborts the
 * request. Only a result that reached `done` may be put into the document; a stopped, failed or truncated one is
 * kept on screen for reading and can never be inserted (see canUseResult).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Finding } from '../../../core/checks/types';
import { GatewayError } from '../../api/client';
import type { TransformDone, TransformMeta, TransformRequest } from '../../api/transform';
import { useApp } from '../../app/context';

export type TransformPhase = 'idle' | 'streaming' | 'stopped' | 'error' | 'done';

export interface TransformRun {
  phase: TransformPhase;
  text: string;
  meta?: TransformMeta;
  findings?: Finding[];
  done?: TransformDone;
  /** For `error`: the gateway's reason. */
  error?: string;
  /** For `error`: the stream ended without `done`. */
  incomplete?: boolean;
}

export const IDLE_RUN: TransformRun = { phase: 'idle', text: '' };

export interface TransformStream {
  run: TransformRun;
  start(request: TransformRequest): Promise<void>;
  stop(): void;
  reset(): void;
  /** Replaces the finished result's text (after applying suggested fixes) and its findings. */
  revise(text: string, findings: Finding[]): void;
}

export function useTransformStream(): TransformStream {
  const { client, reportGateway } = useApp();
  const [run, setRun] = useState<TransformRun>(IDLE_RUN);
  const current = useRef<AbortController | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  const start = useCallback(
    async (request: TransformRequest) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const live = () => current.current === controller && !controller.signal.aborted;
      setRun({ phase: 'streaming', text: '' });
      let finished = false;
      try {
        for await (const event of client.transform(request, { signal: controller.signal })) {
          if (!live()) break;
          if (event.type === 'meta') setRun((r) => ({ ...r, meta: event.data }));
          else if (event.type === 'delta') setRun((r) => ({ ...r, text: r.text + (event.data.text ?? '') }));
          else if (event.type === 'findings') setRun((r) => ({ ...r, findings: Array.isArray(event.data.findings) ? event.data.findings : [] }));
          else if (event.type === 'done') {
            finished = true;
            setRun((r) => ({ ...r, phase: 'done', text: typeof event.data.text === 'string' ? event.data.text : r.text, done: event.data, findings: r.findings ?? [] }));
          } else if (event.type === 'error') {
            finished = true;
            setRun((r) => ({ ...r, phase: 'error', error: event.data.message || event.data.code || 'error' }));
            break;
          }
        }
        if (!live()) return;
        reportGateway('ok');
        if (!finished) setRun((r) => ({ ...r, phase: 'error', incomplete: true }));
      } catch (err) {
        if (current.current !== controller) return;
        if (controller.signal.aborted || (err instanceof GatewayError && err.kind === 'aborted')) {
          setRun((r) => ({ ...r, phase: 'stopped' }));
          return;
        }
        reportGateway(err);
        setRun((r) => ({ ...r, phase: 'error', error: (err as Error).message }));
      } finally {
        if (current.current === controller) {
          current.current = null;
          // Closes the connection if the gateway left it open after `done` or `error`.
          controller.abort();
        }
      }
    },
    [client, reportGateway],
  );

  const stop = useCallback(() => {
    const controller = current.current;
    if (!controller) return;
    current.current = null;
    controller.abort();
    setRun((r) => (r.phase === 'streaming' ? { ...r, phase: 'stopped' } : r));
  }, []);

  const reset = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setRun(IDLE_RUN);
  }, []);

  const revise = useCallback((text: string, findings: Finding[]) => setRun((r) => (r.phase === 'done' ? { ...r, text, findings } : r)), []);

  return { run, start, stop, reset, revise };
}
