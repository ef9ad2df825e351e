/**
 * Errors a host throws for conditions the panes explain to the officer (anything else is a plain Error).
 * `message` is bilingual, ready to show.
 */
export type HostErrorCode =
  | 'target-changed'
  | 'not-supported'
  | 'selection-not-empty'
  | 'too-large'
  | 'no-item';

export class HostError extends Error {
  readonly code: HostErrorCode;

  constructor(code: HostErrorCode, message: string) {
    super(message);
    this.name = 'HostError';
    this.code = code;
  }
}

export function isHostError(err: unknown, code?: HostErrorCode): err is HostError {
  return err instanceof HostError && (code === undefined || err.code === code);
}
