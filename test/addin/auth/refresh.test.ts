/**
 * Silent sign-in at start and the one-refresh-one-retry on 401: AuthSession (session.ts) with a scripted token
 * source, and GatewayClient against a scripted gateway that accepts only the newest token.
 */
import { GatewayClient, type FetchLike } from '../../../src/addin/api/client';
import { AuthSession, type TokenRequest, type TokenSource } from '../../../src/addin/auth/session';

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`;
}
const exp = () => Math.floor(Date.now() / 1000) + 3600;
const T1 = jwt({ preferred_username: 'a@dept.gov.hk', exp: exp(), n: 1 });
const T2 = jwt({ preferred_username: 'a@dept.gov.hk', exp: exp(), n: 2 });

function scripted(answers: Array<string | Error>): TokenSource & { requests: TokenRequest[] } {
  const requests: TokenRequest[] = [];
  return {
    requests,
    available: () => true,
    getToken: async (request: TokenRequest = {}) => {
      requests.push(request);
      const next = answers.shift();
      if (next === undefined) throw new Error('no more tokens');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

/** A gateway that accepts only `valid` as the bearer token (mutable), answering JSON. */
function gateway(state: { valid: string }) {
  const seen: Array<string | undefined> = [];
  const fetchFn: FetchLike = async (_url, init) => {
    seen.push(init.headers.authorization);
    const ok = init.headers.authorization === `Bearer ${state.valid}`;
    const body = ok ? JSON.stringify({ departments: [] }) : JSON.stringify({ error: { message: 'token expired', code: 'unauthorised' } });
    return { ok, status: ok ? 200 : 401, headers: { get: () => 'application/json' }, body: null, text: async () => body };
  };
  return { fetchFn, seen };
}

describe('silent sign-in at start', () => {
  test('asks without interaction and signs in from Office’s cache', async () => {
    const source = scripted([T1]);
    const session = new AuthSession(source);
    expect((await session.signInSilently()).status).toBe('signed-in');
    expect(source.requests).toEqual([{ interactive: false }]);
  });

  test('a silent failure leaves the officer signed out, not "failed"', async () => {
    const session = new AuthSession(scripted([Object.assign(new Error('13000'), { code: 13000 })]));
    expect(await session.signInSilently()).toEqual({ status: 'signed-out' });
  });

  test('the click is interactive', async () => {
    const source = scripted([T1]);
    await new AuthSession(source).signIn();
    expect(source.requests).toEqual([{ interactive: true }]);
  });
});

describe('401: one refresh, one retry', () => {
  test('an expired token is refreshed silently and the call retried once with the new one', async () => {
    const source = scripted([T1, T2]);
    const session = new AuthSession(source);
    await session.signIn();
    const state = { valid: T2 };
    const gw = gateway(state);
    const client = new GatewayClient({ baseUrl: 'http://gw', credentials: () => session.headers(), onUnauthorized: () => session.refresh(), fetch: gw.fetchFn });
    await expect(client.listTemplates()).resolves.toEqual({ departments: [] });
    expect(gw.seen).toEqual([`Bearer ${T1}`, `Bearer ${T2}`]);
    expect(source.requests[1]).toEqual({ interactive: false });
  });

  test('a second 401 is final: the error reaches the caller after exactly two requests', async () => {
    const session = new AuthSession(scripted([T1, T2]));
    await session.signIn();
    const gw = gateway({ valid: 'neither' });
    const client = new GatewayClient({ baseUrl: 'http://gw', credentials: () => session.headers(), onUnauthorized: () => session.refresh(), fetch: gw.fetchFn });
    await expect(client.listTemplates()).rejects.toMatchObject({ status: 401, message: 'token expired' });
    expect(gw.seen).toHaveLength(2);
  });

  test('when no fresh token can be had, no retry, and the officer is signed out', async () => {
    const session = new AuthSession(scripted([T1, new Error('interaction required')]));
    await session.signIn();
    const gw = gateway({ valid: 'other' });
    const client = new GatewayClient({ baseUrl: 'http://gw', credentials: () => session.headers(), onUnauthorized: () => session.refresh(), fetch: gw.fetchFn });
    await expect(client.listTemplates()).rejects.toMatchObject({ status: 401 });
    expect(gw.seen).toHaveLength(1);
    expect(session.state.status).toBe('signed-out');
  });

  test('the same token again is not worth a retry', async () => {
    const session = new AuthSession(scripted([T1, T1]));
    await session.signIn();
    expect(await session.refresh()).toBe(false);
  });

  test('signed out (API key or nothing): refresh does nothing', async () => {
    const source = scripted([]);
    expect(await new AuthSession(source).refresh()).toBe(false);
    expect(source.requests).toEqual([]);
  });
});
