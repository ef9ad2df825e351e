import { UpstreamError } from './types';
import { networkReason } from './upstream-errors';

/**
 * An AbortController that also fires on named timeouts. The reason it aborts with is the UpstreamError the
 * caller should see, so a timeout is reported as such and not as a network failure.
 */
export class Deadline {
  readonly controller = new AbortController();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly unlink: () => void;

  constructor(parent: AbortSignal) {
    const onAbort = () => this.controller.abort(parent.reason ?? new UpstreamError(499, 'client cancelled the request', undefined, 'network'));
    if (parent.aborted) onAbort();
    parent.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => parent.removeEventListener('abort', onAbort);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(name: string, ms: number, what: string): void {
    this.clear(name);
    const timer = setTimeout(() => this.controller.abort(new UpstreamError(504, `${what} timed out after ${ms} ms`, undefined, 'timeout')), ms);
    timer.unref?.();
    this.timers.set(name, timer);
  }

  clear(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }

  /** The error to report for a failure: the abort reason when this deadline fired, else the failure itself. */
  explain(err: unknown): UpstreamError {
    if (this.signal.aborted && this.signal.reason instanceof UpstreamError) return this.signal.reason;
    if (err instanceof UpstreamError) return err;
    return new UpstreamError(0, networkReason(err), undefined, 'network');
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.unlink();
  }
}
