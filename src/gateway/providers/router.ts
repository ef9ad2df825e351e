import { HttpError } from '../types';
import { CircuitBreaker, type BreakerOptions } from './breaker';
import { UpstreamError, type ChatBody, type ChatChunk, type ChatCompletion, type Provider } from './types';

export interface Deployment {
  provider: Provider;
  /** The model name the upstream knows. */
  model: string;
  weight: number;
  breaker: CircuitBreaker;
}

export interface ModelRoute {
  /** The name clients ask for. */
  name: string;
  deployments: Deployment[];
  /** Other model names to try, in order, when every deployment of this one failed. */
  fallbacks: string[];
}

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryAfterCapMs: number;
}

export interface AttemptLog {
  provider: string;
  model: string;
  error?: string;
}

export interface Routed<T> {
  deployment: Deployment;
  result: T;
  attempts: AttemptLog[];
}

export type Prepare = (provider: Provider) => ChatBody;

export interface OpenedStream {
  first: ChatChunk;
  rest: AsyncIterator<ChatChunk>;
}

/** Decides which deployment serves a request, and retries and falls back until the first token. */
export class Router {
  private readonly routes = new Map<string, ModelRoute>();

  constructor(
    routes: ModelRoute[],
    private readonly retry: RetryOptions,
    private readonly random: () => number = Math.random,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    for (const r of routes) this.routes.set(r.name, r);
  }

  models(): ModelRoute[] {
    return [...this.routes.values()];
  }

  has(name: string): boolean {
    return this.routes.has(name);
  }

  /**
   * Deployments in the order to try them: this model's by weighted random choice, then each fallback's.
   * Providers the caller may not use (classification, department policy) are never in the list.
   */
  candidates(name: string, allowed: (p: Provider) => boolean, seen = new Set<string>()): Deployment[] {
    const route = this.routes.get(name);
    if (!route || seen.has(name)) return [];
    seen.add(name);
    const pool = route.deployments.filter((d) => allowed(d.provider));
    const ordered: Deployment[] = [];
    while (pool.length) {
      const total = pool.reduce((s, d) => s + d.weight, 0);
      let pick = this.random() * total;
      let i = 0;
      while (i < pool.length - 1 && (pick -= pool[i].weight) >= 0) i++;
      ordered.push(pool.splice(i, 1)[0]);
    }
    return [...ordered, ...route.fallbacks.flatMap((f) => this.candidates(f, allowed, seen))];
  }

  /** `prepare` gives the body for a provider (redacted for external ones); the model is set per deployment. */
  complete(name: string, body: ChatBody, allowed: (p: Provider) => boolean, signal: AbortSignal, prepare: Prepare = () => body): Promise<Routed<ChatCompletion>> {
    return this.run(name, allowed, signal, (d) => d.provider.complete({ ...prepare(d.provider), model: d.model }, signal));
  }

  /** Resolves once a deployment produced its first chunk; after that there is no switching. */
  openStream(name: string, body: ChatBody, allowed: (p: Provider) => boolean, signal: AbortSignal, prepare: Prepare = () => body): Promise<Routed<OpenedStream>> {
    return this.run(name, allowed, signal, async (d) => {
      const rest = d.provider.stream({ ...prepare(d.provider), model: d.model }, signal)[Symbol.asyncIterator]();
      const first = await rest.next();
      if (first.done) throw new UpstreamError(502, 'the upstream stream ended before any token', undefined, 'protocol');
      return { first: first.value, rest };
    });
  }

  /** The one retry loop: retryable failures move on (with backoff when retrying the same deployment). */
  private async run<T>(name: string, allowed: (p: Provider) => boolean, signal: AbortSignal, call: (d: Deployment) => Promise<T>): Promise<Routed<T>> {
    const candidates = this.candidates(name, allowed);
    if (!candidates.length) throw new HttpError(403, 'no_allowed_provider', `no provider allowed for this request serves model "${name}"`);
    const attempts: AttemptLog[] = [];
    let lastError: UpstreamError | undefined;
    let previous: Deployment | undefined;
    for (let attempt = 0; attempt < Math.max(this.retry.maxAttempts, 1); attempt++) {
      const deployment = this.nextAvailable(candidates, attempt);
      if (!deployment) break;
      if (previous === deployment && lastError) await this.sleep(this.delay(attempt, lastError), signal);
      if (signal.aborted) throw new UpstreamError(499, 'client cancelled the request', undefined, 'network');
      previous = deployment;
      try {
        const result = await call(deployment);
        deployment.breaker.success();
        attempts.push({ provider: deployment.provider.id, model: deployment.model });
        return { deployment, result, attempts };
      } catch (err) {
        const error = err instanceof UpstreamError ? err : new UpstreamError(0, String((err as Error)?.message ?? err), undefined, 'network');
        attempts.push({ provider: deployment.provider.id, model: deployment.model, error: error.message });
        if (signal.aborted) {
          deployment.breaker.release();
          throw error;
        }
        // Only failures that say something about the deployment count against it: a client's malformed
        // request (400, 422) would fail anywhere; 401/403 mean the deployment itself is misconfigured.
        if (error.retryable || error.status === 401 || error.status === 403) deployment.breaker.failure();
        else deployment.breaker.release();
        lastError = error;
        if (!error.retryable) throw error;
      }
    }
    // Nothing could serve it: every deployment's circuit is open or every one failed in a way that says it is
    // down (unreachable, 503). That is 503 with a Retry-After for the client, not a bad gateway.
    if (!lastError || lastError.kind === 'network' || lastError.status === 503) {
      const wait = Math.min(...candidates.map((d) => d.breaker.retryInMs()).filter((ms) => ms > 0), lastError?.retryAfterMs ?? Infinity);
      const reason = !lastError
        ? `every deployment of "${name}" is cooling down after failures`
        : `no deployment of "${name}" is available: ${lastError.message}`;
      throw new UpstreamError(503, reason, Number.isFinite(wait) ? wait : this.retry.baseDelayMs, 'unavailable');
    }
    throw lastError;
  }

  /** Cycles through the candidates from `attempt`, skipping deployments whose circuit is open. */
  private nextAvailable(candidates: Deployment[], attempt: number): Deployment | undefined {
    for (let k = 0; k < candidates.length; k++) {
      const d = candidates[(attempt + k) % candidates.length];
      if (d.breaker.tryAcquire()) return d;
    }
    return undefined;
  }

  private delay(attempt: number, error: UpstreamError): number {
    if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, this.retry.retryAfterCapMs);
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(this.random() * ceiling); // full jitter
  }
}

export function newBreaker(options: BreakerOptions): CircuitBreaker {
  return new CircuitBreaker(options);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
