import { CircuitBreaker } from '../../../src/gateway/providers/breaker';
import { Router, type Deployment, type ModelRoute, type RetryOptions } from '../../../src/gateway/providers/router';
import { UpstreamError, type ChatBody, type ChatChunk, type ChatCompletion, type Provider } from '../../../src/gateway/providers/types';
import { HttpError } from '../../../src/gateway/types';

type Script = Array<'ok' | UpstreamError | Error>;

/** A provider whose calls follow a script: each call takes the next outcome ('ok' when the script is exhausted). */
function scripted(id: string, script: Script = [], opts: { external?: boolean; streamFailAfterFirst?: UpstreamError } = {}) {
  const calls: ChatBody[] = [];
  const next = () => script.shift() ?? 'ok';
  const completion = (body: ChatBody): ChatCompletion => ({
    id: 'x',
    object: 'chat.completion',
    created: 0,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: `from ${id}` }, finish_reason: 'stop' }],
  });
  const chunk = (body: ChatBody, content: string): ChatChunk => ({ model: body.model, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
  const provider: Provider & { calls: ChatBody[] } = {
    id,
    external: opts.external ?? false,
    maxClassification: 'CONFIDENTIAL',
    calls,
    async complete(body) {
      calls.push(body);
      const outcome = next();
      if (outcome !== 'ok') throw outcome;
      return completion(body);
    },
    async *stream(body) {
      calls.push(body);
      const outcome = next();
      if (outcome !== 'ok') throw outcome;
      yield chunk(body, `first from ${id}`);
      if (opts.streamFailAfterFirst) throw opts.streamFailAfterFirst;
      yield chunk(body, 'second');
    },
  };
  return provider;
}

const RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 250, retryAfterCapMs: 300 };

function deployment(provider: Provider, weight = 1, breaker = new CircuitBreaker({ failures: 100, coolDownMs: 1_000 })): Deployment {
  return { provider, model: `${provider.id}-model`, weight, breaker };
}

/** random() answers from a list (then 0.5), and every sleep is recorded instead of waited. */
function router(routes: ModelRoute[], opts: { random?: number[]; retry?: Partial<RetryOptions> } = {}) {
  const randoms = [...(opts.random ?? [])];
  const sleeps: number[] = [];
  const r = new Router(
    routes,
    { ...RETRY, ...opts.retry },
    () => randoms.shift() ?? 0.5,
    async (ms) => {
      sleeps.push(ms);
    },
  );
  return { r, sleeps };
}

const body: ChatBody = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
const all = () => true;
const signal = () => new AbortController().signal;
const err = (status: number, retryAfterMs?: number, kind: UpstreamError['kind'] = 'http') => new UpstreamError(status, `status ${status}`, retryAfterMs, kind);

describe('candidates', () => {
  const a = scripted('a');
  const b = scripted('b');
  const c = scripted('c');
  const routes = (): ModelRoute[] => [{ name: 'm', deployments: [deployment(a, 1), deployment(b, 3)], fallbacks: [] }];

  it.each([
    // total weight 4: pick = random * 4; a covers [0, 1), b covers [1, 4)
    [[0], ['a', 'b']],
    [[0.2499], ['a', 'b']],
    [[0.25], ['b', 'a']],
    [[0.9999], ['b', 'a']],
  ])('weighted choice with random %p gives %p', (random, order) => {
    const { r } = router(routes(), { random });
    expect(r.candidates('m', all).map((d) => d.provider.id)).toEqual(order);
  });

  it('follows the weights over many draws', () => {
    let seed = 42;
    const lcg = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const r = new Router(routes(), RETRY, lcg);
    let firstB = 0;
    for (let i = 0; i < 4_000; i++) if (r.candidates('m', all)[0].provider.id === 'b') firstB++;
    expect(firstB / 4_000).toBeGreaterThan(0.7);
    expect(firstB / 4_000).toBeLessThan(0.8);
  });

  it('puts fallbacks after the model, in order, once each, and survives cycles', () => {
    const { r } = router([
      { name: 'm', deployments: [deployment(a)], fallbacks: ['n', 'o'] },
      { name: 'n', deployments: [deployment(b)], fallbacks: ['o', 'm'] },
      { name: 'o', deployments: [deployment(c)], fallbacks: ['m'] },
    ]);
    expect(r.candidates('m', all).map((d) => d.provider.id)).toEqual(['a', 'b', 'c']);
    expect(r.candidates('o', all).map((d) => d.provider.id)).toEqual(['c', 'a', 'b']);
  });

  it('leaves out providers the caller may not use, fallbacks included', () => {
    const { r } = router([
      { name: 'm', deployments: [deployment(a), deployment(b)], fallbacks: ['n'] },
      { name: 'n', deployments: [deployment(c)], fallbacks: [] },
    ]);
    expect(r.candidates('m', (p) => p.id !== 'b' && p.id !== 'c').map((d) => d.provider.id)).toEqual(['a']);
  });

  it('refuses with 403 when no allowed provider serves the model, without calling any', async () => {
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }]);
    const calls = a.calls.length;
    await expect(r.complete('m', body, () => false, signal())).rejects.toMatchObject({ statusCode: 403 });
    await expect(r.complete('m', body, () => false, signal())).rejects.toBeInstanceOf(HttpError);
    expect(a.calls.length).toBe(calls);
  });
});

describe('retries and fallbacks', () => {
  it('retries 5xx then succeeds, backing off on the same deployment', async () => {
    const a = scripted('a', [err(503), err(500)]);
    const { r, sleeps } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }], { random: [0.5, 1, 1] });
    const out = await r.complete('m', body, all, signal());
    expect(out.result.choices[0].message.content).toBe('from a');
    expect(a.calls).toHaveLength(3);
    expect(out.attempts.map((x) => !!x.error)).toEqual([true, true, false]);
    expect(sleeps).toEqual([100, 200]);
    expect(a.calls[0].model).toBe('a-model');
  });

  it.each([408, 429, 500, 502, 503, 504])('retries %d', async (status) => {
    const a = scripted('a', [err(status)]);
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }]);
    await r.complete('m', body, all, signal());
    expect(a.calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])('does not retry %d', async (status) => {
    const a = scripted('a', [err(status)]);
    const b = scripted('b');
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: ['n'] }, { name: 'n', deployments: [deployment(b)], fallbacks: [] }]);
    await expect(r.complete('m', body, all, signal())).rejects.toMatchObject({ status });
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it('retries network failures and timeouts', async () => {
    const a = scripted('a', [err(0, undefined, 'network'), err(504, undefined, 'timeout')]);
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }]);
    await r.complete('m', body, all, signal());
    expect(a.calls).toHaveLength(3);
  });

  it('has one retry loop: maxAttempts in all, across deployments and fallbacks', async () => {
    const a = scripted('a', [err(500), err(500), err(500), err(500)]);
    const b = scripted('b', [err(500), err(500), err(500), err(500)]);
    const c = scripted('c', [err(500), err(500), err(500), err(500)]);
    const { r } = router(
      [
        { name: 'm', deployments: [deployment(a), deployment(b)], fallbacks: ['n'] },
        { name: 'n', deployments: [deployment(c)], fallbacks: [] },
      ],
      { random: [0, 0] },
    );
    await expect(r.complete('m', body, all, signal())).rejects.toMatchObject({ status: 500 });
    expect(a.calls.length + b.calls.length + c.calls.length).toBe(3);
    expect([a.calls.length, b.calls.length, c.calls.length]).toEqual([1, 1, 1]);
  });

  it('falls back to another model’s deployment with that deployment’s model name', async () => {
    const a = scripted('a', [err(503), err(503), err(503)]);
    const b = scripted('b');
    const { r, sleeps } = router([
      { name: 'm', deployments: [deployment(a)], fallbacks: ['n'] },
      { name: 'n', deployments: [deployment(b)], fallbacks: [] },
    ]);
    const out = await r.complete('m', body, all, signal());
    expect(out.deployment.provider.id).toBe('b');
    expect(b.calls[0].model).toBe('b-model');
    expect(a.calls).toHaveLength(1);
    // switching deployment is immediate: backoff is only for the same deployment
    expect(sleeps).toEqual([]);
  });

  it('passes each provider its own prepared body (redaction per provider)', async () => {
    const a = scripted('a', [err(500)]);
    const b = scripted('b', [], { external: true });
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: ['n'] }, { name: 'n', deployments: [deployment(b)], fallbacks: [] }]);
    await r.complete('m', body, all, signal(), (p) => ({ ...body, messages: [{ role: 'user', content: p.external ? 'redacted' : 'plain' }] }));
    expect(a.calls[0].messages[0].content).toBe('plain');
    expect(b.calls[0].messages[0].content).toBe('redacted');
  });

  it('stops at once when the client has gone away', async () => {
    const ac = new AbortController();
    const a = scripted('a');
    a.complete = async (b) => {
      a.calls.push(b);
      ac.abort();
      throw err(0, undefined, 'network');
    };
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }]);
    await expect(r.complete('m', body, all, ac.signal)).rejects.toBeInstanceOf(UpstreamError);
    expect(a.calls).toHaveLength(1);
  });
});

describe('backoff', () => {
  const failing = (n: number, retryAfterMs?: number) => scripted('a', Array.from({ length: n }, () => err(503, retryAfterMs)));

  it('uses full jitter within min(maxDelay, base * 2^(attempt-1))', async () => {
    for (const rnd of [0, 0.3, 0.999]) {
      const a = failing(4);
      const { r, sleeps } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }], { random: [0.5, rnd, rnd, rnd, rnd], retry: { maxAttempts: 5 } });
      await r.complete('m', body, all, signal());
      const ceilings = [100, 200, 250, 250];
      expect(sleeps).toHaveLength(4);
      sleeps.forEach((ms, i) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(ceilings[i]);
        expect(ms).toBe(Math.round(rnd * ceilings[i]));
      });
    }
  });

  it('honours Retry-After, within the cap', async () => {
    const short = failing(1, 120);
    const { r: r1, sleeps: s1 } = router([{ name: 'm', deployments: [deployment(short)], fallbacks: [] }]);
    await r1.complete('m', body, all, signal());
    expect(s1).toEqual([120]);

    const long = failing(1, 60_000);
    const { r: r2, sleeps: s2 } = router([{ name: 'm', deployments: [deployment(long)], fallbacks: [] }]);
    await r2.complete('m', body, all, signal());
    expect(s2).toEqual([300]);
  });

  it('really waits (default sleep) and the wait is cut short by an abort', async () => {
    const a = failing(1, 150);
    const r = new Router([{ name: 'm', deployments: [deployment(a)], fallbacks: [] }], RETRY);
    const t0 = Date.now();
    await r.complete('m', body, all, signal());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

    const b = failing(1, 5_000);
    const r2 = new Router([{ name: 'm', deployments: [deployment(b)], fallbacks: [] }], { ...RETRY, retryAfterCapMs: 5_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t1 = Date.now();
    await expect(r2.complete('m', body, all, ac.signal)).rejects.toMatchObject({ status: 499 });
    expect(Date.now() - t1).toBeLessThan(1_000);
    expect(b.calls).toHaveLength(1);
  });
});

describe('streams', () => {
  it('switches deployment when a stream fails before its first chunk', async () => {
    const a = scripted('a', [err(502)]);
    const b = scripted('b');
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: ['n'] }, { name: 'n', deployments: [deployment(b)], fallbacks: [] }]);
    const opened = await r.openStream('m', body, all, signal());
    expect(opened.deployment.provider.id).toBe('b');
    expect(opened.result.first.choices[0].delta.content).toBe('first from b');
  });

  it('treats a stream that ends before any chunk as a retryable failure', async () => {
    const a = scripted('a');
    a.stream = async function* (b: ChatBody) {
      a.calls.push(b);
    } as Provider['stream'];
    const b = scripted('b');
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: ['n'] }, { name: 'n', deployments: [deployment(b)], fallbacks: [] }]);
    const opened = await r.openStream('m', body, all, signal());
    expect(opened.deployment.provider.id).toBe('b');
  });

  it('never switches after the first token: a later failure reaches the caller', async () => {
    const a = scripted('a', [], { streamFailAfterFirst: err(502, undefined, 'protocol') });
    const b = scripted('b');
    const { r } = router([{ name: 'm', deployments: [deployment(a)], fallbacks: ['n'] }, { name: 'n', deployments: [deployment(b)], fallbacks: [] }]);
    const opened = await r.openStream('m', body, all, signal());
    expect(opened.deployment.provider.id).toBe('a');
    await expect(opened.result.rest.next()).rejects.toMatchObject({ status: 502 });
    expect(b.calls).toHaveLength(0);
    expect(a.calls).toHaveLength(1);
  });
});

describe('with circuit breakers', () => {
  it('skips a deployment whose circuit is open', async () => {
    const a = scripted('a');
    const b = scripted('b');
    const open = new CircuitBreaker({ failures: 1, coolDownMs: 60_000 });
    open.failure();
    const { r } = router([{ name: 'm', deployments: [deployment(a, 1, open), deployment(b)], fallbacks: [] }], { random: [0] });
    const out = await r.complete('m', body, all, signal());
    expect(out.deployment.provider.id).toBe('b');
    expect(a.calls).toHaveLength(0);
  });

  it('answers 503 when every deployment is cooling down, without calling any', async () => {
    const a = scripted('a');
    const open = new CircuitBreaker({ failures: 1, coolDownMs: 60_000 });
    open.failure();
    const { r } = router([{ name: 'm', deployments: [deployment(a, 1, open)], fallbacks: [] }]);
    await expect(r.complete('m', body, all, signal())).rejects.toMatchObject({ status: 503 });
    expect(a.calls).toHaveLength(0);
  });

  it('opens the circuit after repeated upstream failures', async () => {
    const a = scripted('a', [err(500), err(500), err(500)]);
    const breaker = new CircuitBreaker({ failures: 3, coolDownMs: 60_000 });
    const { r } = router([{ name: 'm', deployments: [deployment(a, 1, breaker)], fallbacks: [] }]);
    await expect(r.complete('m', body, all, signal())).rejects.toMatchObject({ status: 500 });
    expect(breaker.state).toBe('open');
  });

  // BUG (src/gateway/providers/router.ts, run(): `deployment.breaker.failure()` is called for every error,
  // before `if (!error.retryable) throw error`): a client's own bad requests (400/422: the upstream is healthy)
  // count as deployment failures, so a few malformed requests take a healthy deployment out for everyone.
  it('does not count the client’s own 4xx as deployment failures', async () => {
    const a = scripted('a', [err(400), err(400), err(400)]);
    const breaker = new CircuitBreaker({ failures: 3, coolDownMs: 60_000 });
    const { r } = router([{ name: 'm', deployments: [deployment(a, 1, breaker)], fallbacks: [] }]);
    for (let i = 0; i < 3; i++) await expect(r.complete('m', body, all, signal())).rejects.toMatchObject({ status: 400 });
    expect(breaker.state).toBe('closed');
    await expect(r.complete('m', body, all, signal())).resolves.toBeDefined();
  });

  // BUG (router.ts run(): `if (signal.aborted) throw error;` returns before breaker.success()/failure()): when the
  // half-open trial request is cancelled by its client, the breaker keeps trialInFlight = true for ever and the
  // deployment never gets another request.
  it('gives the trial back when the half-open trial request is cancelled by its client', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failures: 1, coolDownMs: 1_000 }, () => now);
    breaker.failure();
    now = 2_000; // half-open
    const ac = new AbortController();
    const a = scripted('a');
    a.complete = async (b) => {
      a.calls.push(b);
      ac.abort();
      throw err(0, undefined, 'network');
    };
    const { r } = router([{ name: 'm', deployments: [deployment(a, 1, breaker)], fallbacks: [] }]);
    await expect(r.complete('m', body, all, ac.signal)).rejects.toBeDefined();
    now = 10_000;
    expect(breaker.tryAcquire()).toBe(true);
  });
});
