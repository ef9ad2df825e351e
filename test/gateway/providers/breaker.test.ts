import { CircuitBreaker } from '../../../src/gateway/providers/breaker';

function clocked(failures = 3, coolDownMs = 1_000) {
  const clock = { now: 10_000 };
  const breaker = new CircuitBreaker({ failures, coolDownMs }, () => clock.now);
  return { breaker, clock };
}

describe('CircuitBreaker', () => {
  it('starts closed and lets everything through', () => {
    const { breaker } = clocked();
    expect(breaker.state).toBe('closed');
    for (let i = 0; i < 10; i++) expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after N consecutive failures, not before', () => {
    const { breaker } = clocked(3);
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('counts consecutive failures only: a success resets the count', () => {
    const { breaker } = clocked(3);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    expect(breaker.state).toBe('closed');
  });

  it('stays open for the cool-down, then lets exactly one trial through', () => {
    const { breaker, clock } = clocked(2, 1_000);
    breaker.failure();
    breaker.failure();
    clock.now += 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('closes when the trial succeeds', () => {
    const { breaker, clock } = clocked(1, 1_000);
    breaker.failure();
    clock.now += 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reopens for a full cool-down at the first failure of the trial', () => {
    const { breaker, clock } = clocked(5, 1_000);
    for (let i = 0; i < 5; i++) breaker.failure();
    clock.now += 1_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    clock.now += 999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(breaker.tryAcquire()).toBe(true);
  });
});
