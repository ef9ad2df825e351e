import { Deadline } from '../../../src/gateway/providers/deadline';
import { UpstreamError } from '../../../src/gateway/providers/types';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Deadline', () => {
  it('aborts with a timeout UpstreamError naming what timed out', async () => {
    const d = new Deadline(new AbortController().signal);
    d.arm('first', 20, 'the first token');
    expect(d.signal.aborted).toBe(false);
    await wait(40);
    expect(d.signal.aborted).toBe(true);
    const reason = d.signal.reason as UpstreamError;
    expect(reason).toBeInstanceOf(UpstreamError);
    expect(reason).toMatchObject({ status: 504, kind: 'timeout' });
    expect(reason.message).toBe('the first token timed out after 20 ms');
    expect(reason.retryable).toBe(true);
    d.dispose();
  });

  it('a cleared timer never fires; re-arming restarts it', async () => {
    const d = new Deadline(new AbortController().signal);
    d.arm('idle', 30, 'the gap');
    d.clear('idle');
    d.arm('gap', 30, 'the gap');
    await wait(20);
    d.arm('gap', 30, 'the gap'); // restart
    await wait(20);
    expect(d.signal.aborted).toBe(false);
    await wait(30);
    expect(d.signal.aborted).toBe(true);
    d.dispose();
  });

  it('follows the parent signal, with its reason or a 499', () => {
    const parent = new AbortController();
    const d = new Deadline(parent.signal);
    const why = new UpstreamError(503, 'shutting down', undefined, 'network');
    parent.abort(why);
    expect(d.signal.reason).toBe(why);

    const p2 = new AbortController();
    const d2 = new Deadline(p2.signal);
    p2.abort(undefined);
    // AbortController.abort(undefined) gives a DOMException reason; either way the child is aborted
    expect(d2.signal.aborted).toBe(true);
    d.dispose();
    d2.dispose();
  });

  it('is born aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort(new UpstreamError(499, 'gone', undefined, 'network'));
    const d = new Deadline(parent.signal);
    expect(d.signal.aborted).toBe(true);
    expect(d.explain(new Error('whatever'))).toMatchObject({ status: 499 });
  });

  it('explains failures: its own abort reason first, then UpstreamErrors, else a network error', async () => {
    const d = new Deadline(new AbortController().signal);
    const http = new UpstreamError(500, 'boom');
    expect(d.explain(http)).toBe(http);
    const net = d.explain(Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:8000'), { code: 'ECONNREFUSED' }));
    expect(net).toMatchObject({ status: 0, kind: 'network' });
    // the system error code is named; the address in the message is not
    expect(net.message).toBe('the model server could not be reached (ECONNREFUSED)');
    d.arm('total', 5, 'the upstream answer');
    await wait(20);
    expect(d.explain(new Error('aborted'))).toMatchObject({ status: 504, kind: 'timeout' });
    d.dispose();
  });

  it('dispose stops the timers and unlinks the parent', async () => {
    const parent = new AbortController();
    const d = new Deadline(parent.signal);
    d.arm('total', 10, 'x');
    d.dispose();
    await wait(25);
    parent.abort();
    expect(d.signal.aborted).toBe(false);
  });
});
