/**
 * Requests refused before anyone was authenticated, and requests for paths that do not exist, are recorded
 * only up to `perWindow` per source address per window: a flood of them (a scanner, a misconfigured client)
 * must not fill the audit trail or cost a commit each. What is left out is counted, and the count goes into
 * the source's next record (`suppressed`), or into a summary record when the window ends (`sweep`).
 *
 * Memory is bounded: at most `maxSources` addresses are tracked; refusals from further addresses share one
 * bucket (`*`), so rotating addresses buys a flood nothing.
 */
export interface RefusalLimits {
  perWindow: number;
  windowMs: number;
  maxSources: number;
}

export const OVERFLOW_SOURCE = '*';

interface SourceState {
  windowStart: number;
  recorded: number;
  /** Left unrecorded since the source's last record. */
  suppressed: number;
}

export type Admission = { record: true; suppressed: number; source: string } | { record: false };

export class RefusalLimiter {
  private readonly sources = new Map<string, SourceState>();

  constructor(
    private readonly limits: RefusalLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this refusal from `source` is recorded, and how many before it were not. */
  admit(source: string): Admission {
    const t = this.now();
    let key = source || 'unknown';
    let state = this.sources.get(key);
    if (!state && this.sources.size >= this.limits.maxSources) {
      key = OVERFLOW_SOURCE;
      state = this.sources.get(key);
    }
    if (!state) {
      state = { windowStart: t, recorded: 0, suppressed: 0 };
      this.sources.set(key, state);
    } else if (t - state.windowStart >= this.limits.windowMs) {
      state.windowStart = t;
      state.recorded = 0;
    }
    if (state.recorded >= this.limits.perWindow) {
      state.suppressed++;
      return { record: false };
    }
    state.recorded++;
    const suppressed = state.suppressed;
    state.suppressed = 0;
    return { record: true, suppressed, source: key };
  }

  /**
   * Forgets sources whose window has ended and returns those that left refusals unrecorded (for a summary
   * record each). `all`: every source, window ended or not (at shutdown).
   */
  sweep(all = false): Array<{ source: string; suppressed: number }> {
    const t = this.now();
    const out: Array<{ source: string; suppressed: number }> = [];
    for (const [source, state] of this.sources) {
      if (!all && t - state.windowStart < this.limits.windowMs) continue;
      if (state.suppressed > 0) out.push({ source, suppressed: state.suppressed });
      this.sources.delete(source);
    }
    return out;
  }

  get tracked(): number {
    return this.sources.size;
  }
}
