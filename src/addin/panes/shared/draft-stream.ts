/**
 * One streamed text answer (a draft, or an action on a passage): POST /v1/drafts or /v1/transform, text appended as `delta`s arrive, `meta` (sources, composer), the core's
 * `findings` on the finished text, then `done`. Stop aborts the request. Only a draft that reached `done` may be
 * inserted; a stopped, failed or truncated draft is kept on screen for reading but can never be inserted.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Finding } from '../../../core/checks/types';
import { GatewayError } from '../../api/client';
import type { GatewayClient } from '../../api/client';
import type { DraftDone, DraftMeta, DraftRequest, TextEvent } from '../../api/types';
import { useApp } from '../../app/context';

export type StreamPhase = 'idle' | 'streaming' | 'stopped' | 'error' | 'done';
export type DraftPhase = StreamPhase;

export interface TextRun<Meta, Done> {
  phase: StreamPhase;
  text: string;
  meta?: Meta;
  findings?: Finding[];
  done?: Done;
  /** For `error`: the gateway's reason, or undefined when the stream just ended early. */
  error?: string;
  /** For `error`: the stream ended without `done` (nothing the gateway said went wrong). */
  incomplete?: boolean;
}

export type DraftRun = TextRun<DraftMeta, DraftDone>;

const IDLE = { phase: 'idle', text: '' } as const;

export interface TextStream<Req, Meta, Done> {
  run: TextRun<Meta, Done>;
  start(request: Req): Promise<void>;
  stop(): void;
  reset(): void;
  /** Replaces the finished draft's text (after applying suggested fixes) and its findings. */
  revise(text: string, findings: Finding[]): void;
}

export type DraftStream = TextStream<DraftRequest, DraftMeta, DraftDone>;

const openDraft = (client: GatewayClient, request: DraftRequest, signal: AbortSignal) => client.draft(request, { signal });

export function useDraftStream(): DraftStream {
  return useTextStream(openDraft);
}

/** `open` must be stable (a module-level function), as it is a dependency of `start`. */
export function useTextStream<Req, Meta, Done extends { text?: unknown }>(
  open: (client: GatewayClient, request: Req, signal: AbortSignal) => AsyncIterable<TextEvent<Meta, Done>>,
): TextStream<Req, Meta, Done> {
  const { client, reportGateway } = useApp();
  const [run, setRun] = useState<TextRun<Meta, Done>>(IDLE);
  const current = useRef<AbortController | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  const start = useCallback(
    async (request: Req) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const live = () => current.current === controller && !controller.signal.aborted;
      setRun({ phase: 'streaming', text: '' });
      let finished = false;
      try {
        for await (const event of open(client, request, controller.signal)) {
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
    [client, reportGateway, open],
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
    setRun(IDLE);
  }, []);

  const revise = useCallback((text: string, findings: Finding[]) => setRun((r) => (r.phase === 'done' ? { ...r, text, findings } : r)), []);

  return { run, start, stop, reset, revise };
}
