/** @jest-environment jsdom */
import '../panes/support/setup';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthSession, decodeClaims, type TokenSource } from '../../../src/addin/auth/session';
import { FakeGateway, FEHD } from '../panes/support/fake-gateway';
import { renderApp } from '../panes/support/render';

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256' })}.${b64(claims)}.signature`;
}

const TOKEN = jwt({ preferred_username: 'chan.taiman@fehd.gov.hk', name: '陳大文', exp: Math.floor(Date.now() / 1000) + 3600 });

function tokens(token = TOKEN): TokenSource & { calls: number } {
  const source = { calls: 0, available: () => true, getToken: async () => (source.calls++, token) };
  return source;
}

function storageIsEmpty() {
  expect(localStorage.length).toBe(0);
  expect(sessionStorage.length).toBe(0);
  expect(document.cookie).toBe('');
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('sign-in', () => {
  test('signing in keeps the token in memory only; calls carry it as a bearer token', async () => {
    const user = userEvent.setup();
    const gateway = new FakeGateway({ departments: [FEHD] });
    const source = tokens();
    renderApp({ gateway, tokens: source, tab: 'settings' });
    await user.click(await screen.findByTestId('sign-in'));
    await waitFor(() => expect(screen.getByTestId('sign-in-state').textContent).toBe('Signed in as chan.taiman@fehd.gov.hk.'));
    storageIsEmpty();
    // Signing in reloads the templates, with the token.
    await waitFor(() => expect(gateway.requests.some((r) => r.url.endsWith('/v1/templates') && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true));
    storageIsEmpty();
    expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).not.toContain(TOKEN);

    await user.click(screen.getByTestId('sign-out'));
    expect(screen.getByTestId('sign-in-state').textContent).toBe('Not signed in.');
    storageIsEmpty();
  });

  test('a development API key is used as x-api-key and never stored', async () => {
    const user = userEvent.setup();
    const gateway = new FakeGateway({ departments: [FEHD] });
    renderApp({ gateway, tab: 'settings' });
    await user.type(await screen.findByTestId('settings-api-key'), 'dev-key-123');
    await user.click(screen.getByTestId('settings-api-key-use'));
    expect((screen.getByTestId('settings-api-key') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(gateway.requests.some((r) => r.headers['x-api-key'] === 'dev-key-123')).toBe(true));
    storageIsEmpty();
  });

  test('outside Office, sign-in says it is unavailable', async () => {
    const user = userEvent.setup();
    renderApp({ tab: 'settings' });
    await user.click(await screen.findByTestId('sign-in'));
    expect((await screen.findAllByText('Signing in needs Office. Outside Office, use a development API key.')).length).toBeGreaterThan(0);
    storageIsEmpty();
  });

  test('a failed sign-in says why; a cancelled one is not an error', async () => {
    const failing = new AuthSession({ available: () => true, getToken: async () => Promise.reject(new Error('consent required')) });
    expect(await failing.signIn()).toEqual({ status: 'failed', reason: 'consent required' });
    const cancelled = new AuthSession({ available: () => true, getToken: async () => Promise.reject(Object.assign(new Error('closed'), { cancelled: true })) });
    expect(await cancelled.signIn()).toEqual({ status: 'signed-out' });
    expect(await cancelled.headers()).toEqual({});
  });

  test('a token near expiry is refreshed before use', async () => {
    const soon = jwt({ name: 'x', exp: Math.floor(Date.now() / 1000) + 10 });
    const source = tokens(soon);
    const session = new AuthSession(source);
    await session.signIn();
    await session.headers();
    expect(source.calls).toBe(2);
    expect(decodeClaims(soon).name).toBe('x');
  });
});

describe('production builds', () => {
  test('no development API-key field, and the gateway URL is the build’s (saved and ?gateway= values ignored)', async () => {
    localStorage.setItem('wenshu.preferences', JSON.stringify({ gatewayUrl: 'http://elsewhere.test' }));
    const gateway = new FakeGateway({ departments: [FEHD] });
    renderApp({ gateway, tab: 'settings', config: { allowApiKey: false, allowGatewayChange: false } });
    expect((await screen.findByTestId('settings-gateway-fixed')).textContent).toBe('http://gateway.test');
    expect(screen.queryByTestId('settings-api-key')).toBeNull();
    expect(screen.queryByTestId('settings-gateway-url')).toBeNull();
    await waitFor(() => expect(gateway.requests.length).toBeGreaterThan(0));
    expect(gateway.requests.every((r) => r.url.startsWith('http://gateway.test'))).toBe(true);
  });
});
