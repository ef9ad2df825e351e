/**
 * The message protocol between signin.html (inside an Office dialog) and the task pane: one JSON string sent with
 * `Office.context.ui.messageParent`, either `{"type":"token","token":"..."}` or `{"type":"error","message":"..."}`
 * (with `"cancelled":true` when the officer backed out). Kept in one place so both ends parse the same thing.
 */
export type SignInMessage =
  | { type: 'token'; token: string }
  | { type: 'error'; message: string; cancelled?: boolean };

export function tokenMessage(token: string): string {
  return JSON.stringify({ type: 'token', token });
}

export function errorMessage(message: string, cancelled = false): string {
  return JSON.stringify(cancelled ? { type: 'error', message, cancelled: true } : { type: 'error', message });
}

/** A dialog's message, or an error describing why it is unreadable (never throws). */
export function parseSignInMessage(raw: unknown): SignInMessage {
  if (typeof raw !== 'string') return { type: 'error', message: 'the sign-in window sent an unreadable answer' };
  try {
    const parsed = JSON.parse(raw) as { type?: unknown; token?: unknown; message?: unknown; cancelled?: unknown };
    if (parsed.type === 'token' && typeof parsed.token === 'string' && parsed.token) return { type: 'token', token: parsed.token };
    if (parsed.type === 'error') {
      const message = typeof parsed.message === 'string' && parsed.message ? parsed.message : 'sign-in failed';
      return parsed.cancelled === true ? { type: 'error', message, cancelled: true } : { type: 'error', message };
    }
  } catch {
    // fall through
  }
  return { type: 'error', message: 'the sign-in window sent an unreadable answer' };
}
