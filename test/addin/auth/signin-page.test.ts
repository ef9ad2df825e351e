/**
 * signin.html's logic (src/addin/signin/signin.ts) with a scripted MSAL, and the message protocol both ends share
 * (src/addin/auth/signin-protocol.ts): what the page sends is exactly what office-sso.ts parses.
 */
import { errorMessage, parseSignInMessage, tokenMessage } from '../../../src/addin/auth/signin-protocol';
import { runSignInPage, type MsalLike } from '../../../src/addin/signin/signin';

const CONFIG = { clientId: '11111111-2222-3333-4444-555555555555', authority: 'https://login.microsoftonline.com/dept.gov.hk', scopes: ['api://wenshu.dept.gov.hk/11111111-2222-3333-4444-555555555555/access_as_user'] };

function msal(script: { redirect?: { accessToken?: string } | null; redirectThrows?: unknown; loginThrows?: unknown }): MsalLike & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    initialize: async () => void log.push('initialize'),
    handleRedirectPromise: async () => {
      log.push('handleRedirectPromise');
      if (script.redirectThrows) throw script.redirectThrows;
      return script.redirect ?? null;
    },
    loginRedirect: async (request) => {
      log.push(`loginRedirect ${request.scopes.join(' ')}`);
      if (script.loginThrows) throw script.loginThrows;
    },
  };
}

describe('the sign-in page', () => {
  test('first visit: initialises MSAL, then redirects to Entra ID for the gateway scope; sends nothing yet', async () => {
    const sent: string[] = [];
    const m = msal({});
    expect(await runSignInPage(m, CONFIG, (s) => sent.push(s))).toBe('redirecting');
    expect(m.log).toEqual(['initialize', 'handleRedirectPromise', `loginRedirect ${CONFIG.scopes[0]}`]);
    expect(sent).toEqual([]);
  });

  test('back from Entra ID: sends the access token to the task pane, once, and does not redirect again', async () => {
    const sent: string[] = [];
    const m = msal({ redirect: { accessToken: 'eyJ.token.sig' } });
    expect(await runSignInPage(m, CONFIG, (s) => sent.push(s))).toBe('sent-token');
    expect(sent).toEqual([tokenMessage('eyJ.token.sig')]);
    expect(parseSignInMessage(sent[0])).toEqual({ type: 'token', token: 'eyJ.token.sig' });
    expect(m.log.some((l) => l.startsWith('loginRedirect'))).toBe(false);
  });

  test('the officer cancelled at Entra ID: an error message marked cancelled', async () => {
    const sent: string[] = [];
    const m = msal({ redirectThrows: Object.assign(new Error('User cancelled the flow.'), { errorCode: 'user_cancelled' }) });
    expect(await runSignInPage(m, CONFIG, (s) => sent.push(s))).toBe('sent-error');
    expect(parseSignInMessage(sent[0])).toEqual({ type: 'error', message: 'User cancelled the flow.', cancelled: true });
  });

  test('Entra ID refused (wrong tenant): an error message with the reason, not cancelled', async () => {
    const sent: string[] = [];
    const m = msal({ redirectThrows: Object.assign(new Error('AADSTS50020: User account does not exist in tenant.'), { errorCode: 'invalid_grant' }) });
    await runSignInPage(m, CONFIG, (s) => sent.push(s));
    expect(parseSignInMessage(sent[0])).toEqual({ type: 'error', message: 'AADSTS50020: User account does not exist in tenant.' });
  });

  test('a build without an app registration says so instead of redirecting to nowhere', async () => {
    const sent: string[] = [];
    const m = msal({});
    expect(await runSignInPage(m, { ...CONFIG, clientId: '' }, (s) => sent.push(s))).toBe('sent-error');
    expect(parseSignInMessage(sent[0]).type).toBe('error');
    expect(m.log).toEqual([]);
  });
});

describe('the message protocol', () => {
  test('round-trips a token and an error', () => {
    expect(parseSignInMessage(tokenMessage('abc'))).toEqual({ type: 'token', token: 'abc' });
    expect(parseSignInMessage(errorMessage('no'))).toEqual({ type: 'error', message: 'no' });
    expect(parseSignInMessage(errorMessage('closed', true))).toEqual({ type: 'error', message: 'closed', cancelled: true });
  });

  test.each([[undefined], [42], ['not json'], ['{"type":"token"}'], ['{"type":"token","token":""}'], ['{"type":"other"}'], ['null']])('%p is an unreadable answer, never a token', (raw) => {
    const parsed = parseSignInMessage(raw);
    expect(parsed.type).toBe('error');
  });

  test('an error without a message gets a generic one', () => {
    expect(parseSignInMessage('{"type":"error"}')).toEqual({ type: 'error', message: 'sign-in failed' });
  });
});
