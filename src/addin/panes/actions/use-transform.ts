/**
 * One streamed action on a piece of text: POST /v1/transform, the result appended as `delta`s arrive, `meta` (the
 * composer, the offline notice, partial), the core's `findings` on the finished text, then `done`. Stop aborts the
 * request. Only a result that reached `done` may be put into the document; a stopped, failed or truncated one is
 * kept on screen for reading and can never be inserted (see canUseResult).
 */
import type { GatewayClient } from '../../api/client';
import type { TransformDone, TransformMeta, TransformRequest } from '../../api/transform';
import { useTextStream, type StreamPhase, type TextRun, type TextStream } from '../shared/draft-stream';

export type TransformPhase = StreamPhase;
export type TransformRun = TextRun<TransformMeta, TransformDone>;
export type TransformStream = TextStream<TransformRequest, TransformMeta, TransformDone>;

export const IDLE_RUN: TransformRun = { phase: 'idle', text: '' };

const openTransform = (client: GatewayClient, request: TransformRequest, signal: AbortSignal) => client.transform(request, { signal });

export function useTransformStream(): TransformStream {
  return useTextStream(openTransform);
}
