import type { Classification } from '../types';

/** An OpenAI chat-completions request body, as far as the gateway reads it; other keys pass through. */
export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface ChatMessage {
  role: string;
  content: string | Array<{ type: string; text?: string; [key: string]: unknown }> | null;
  [key: string]: unknown;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

/** One streamed chunk as the OpenAI API shapes it. */
export interface ChatChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices: Array<{ index: number; delta: { role?: string; content?: string | null; [k: string]: unknown }; finish_reason: string | null; [k: string]: unknown }>;
  usage?: Usage | null;
  [key: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{ index: number; message: { role: string; content: string | null; [k: string]: unknown }; finish_reason: string | null; [k: string]: unknown }>;
  usage?: Usage;
  [key: string]: unknown;
}

export interface Timeouts {
  connectMs: number;
  /**
   * Until the upstream's response headers arrive. A server that accepts the connection and says nothing is cut
   * after this, on both paths; without it a non-streamed call waited for totalMs on every attempt.
   */
  headersMs?: number;
  firstTokenMs: number;
  /** Longest gap between two chunks of a stream. */
  idleMs: number;
  totalMs: number;
}

/** A model server the gateway may send text to. */
export interface Provider {
  readonly id: string;
  readonly external: boolean;
  readonly maxClassification: Classification;
  complete(body: ChatBody, signal: AbortSignal): Promise<ChatCompletion>;
  /** Chunks as they arrive; the first one resolves only when the upstream produced a token. */
  stream(body: ChatBody, signal: AbortSignal): AsyncIterable<ChatChunk>;
}

/** An upstream answered with an HTTP error, or could not be reached. `status` 0 means a network failure. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
    readonly kind: 'http' | 'network' | 'timeout' | 'protocol' | 'unavailable' = 'http',
  ) {
    super(message);
    this.name = 'UpstreamError';
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'unavailable' || this.kind === 'timeout' || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}
