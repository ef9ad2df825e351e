/**
 * What the gateway says about an upstream failure: the status and a short fixed reason, never the upstream's
 * own text. A model server's error message can quote the request (the officer's text, a prompt, personal
 * data that was not redacted for an internal server), and it would reach the client, the log and the audit
 * trail from here; an address or host name in a connection error says where the model servers are.
 */

/** The fixed reason for an HTTP status an upstream answered with. */
export function upstreamHttpReason(status: number): string {
  if (status === 400 || status === 422) return `the model server rejected the request (${status}): it may be too long for the model, or use a parameter the model does not support`;
  if (status === 401 || status === 403) return `the model server refused the gateway's credentials (${status}); the administrator must check the provider's key`;
  if (status === 404) return 'the model server does not serve this model (404); the administrator must check the deployment';
  if (status === 408) return 'the model server timed out (408)';
  if (status === 413) return 'the request is too large for the model server (413)';
  if (status === 429) return 'the model server is busy (429); try again shortly';
  if (status === 503) return 'the model server is unavailable (503)';
  if (status >= 500) return `the model server failed (${status})`;
  return `the model server answered ${status}`;
}

/** A system error code (ECONNREFUSED, UND_ERR_SOCKET…) is safe to name; a message with addresses is not. */
export function networkReason(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  const named = typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : '';
  return `the model server could not be reached${named}`;
}

export const MID_STREAM_FAILURE = 'the model server reported an error mid-stream';
