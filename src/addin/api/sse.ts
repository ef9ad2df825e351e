/**
 * Server-sent events read from a `fetch` response body. EventSource cannot be used: drafts are POSTed with
 * an Authorization header. Decodes UTF-8 across chunk boundaries and yields each event when its blank line arrives.
 */
export interface SseMessage {
  event: string;
  data: string;
}

/** The smallest part of a fetch body the reader needs (a WHATWG ReadableStream, or a test double). */
export interface ByteSource {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array | string }>; cancel?(reason?: unknown): Promise<void>; releaseLock?(): void };
}

export async function* readSse(body: ByteSource, signal?: AbortSignal): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const onAbort = () => void reader.cancel?.().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (signal?.aborted) throw abortError();
      const { done, value } = await reader.read();
      if (signal?.aborted) throw abortError();
      if (done) break;
      buffer += typeof value === 'string' ? value : decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        let line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
        } else if (line.startsWith(':')) {
          // a comment (keep-alive)
        } else {
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          let value = colon === -1 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1);
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
        }
      }
    }
    buffer += decoder.decode();
    if (data.length) yield { event: event || 'message', data: data.join('\n') };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    try {
      reader.releaseLock?.();
    } catch {
      // a read still pending after cancel: nothing more to release
    }
  }
}

export function abortError(): Error {
  const err = new Error('aborted');
  err.name = 'AbortError';
  return err;
}
