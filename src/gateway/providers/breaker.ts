/**
 * A circuit breaker per deployment: after `failures` failures in a row the deployment is taken out for
 * `coolDownMs`; then one trial request is let through, and its outcome closes or reopens the circuit.
 */
export interface BreakerOptions {
  failures: number;
  coolDownMs: number;
}

export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(private readonly options: BreakerOptions, private readonly now: () => number = Date.now) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** How long until this deployment may be tried again (0 when it may be now). */
  retryInMs(): number {
    return this.state === 'open' ? this.openUntil - this.now() : 0;
  }

  /** Whether a request may go to this deployment now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** A request that ended without telling anything about the deployment (cancelled, or the client's own 4xx). */
  release(): void {
    this.trialInFlight = false;
  }

  success(): void {
    this.consecutive = 0;
    this.openUntil = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.consecutive++;
    if (this.openUntil !== 0 || this.consecutive >= this.options.failures) this.openUntil = this.now() + this.options.coolDownMs;
  }
}
