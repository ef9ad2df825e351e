/**
 * Office SSO and its dialog fallback (src/addin/auth/office-sso.ts) against a mocked `Office.auth` and
 * `Office.context.ui`: every error branch, and that the dialog is closed on every outcome.
 */
import { officeTokenSource, SignInError } from '../../../src/addin/auth/office-sso';
import { errorMessage, tokenMessage } from '../../../src/addin/auth/signin-protocol';

type Handler = (arg: unknown) => void;

interface FakeDialog {
  closed: number;
  closeThrows: boolean;
  handlers: Map<string, Handler>;
  close(): void;
  addEventHandler(type: string, handler: Handler): void;
}

interface FakeOffice {
  calls: { getAccessToken: Array<Record<string, unknown>>; displayDialogAsync: Array<{ url: string; options: Record<string, unknown> }> };
  dialog?: FakeDialog;
  /** What getAccessToken does: a token, or an error code to reject with. */
  sso: Array<string | number>;
  /** Fail displayDialogAsync with this code. */
  openFails?: number;
  noAuth?: boolean;
}

function install(setup: Partial<FakeOffice>): FakeOffice {
  const fake: FakeOffice = { calls: { getAccessToken: [], displayDialogAsync: [] }, sso: [], ...setup };
  const office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived' },
    context: {
      ui: {
        displayDialogAsync(url: string, options: Record<string, unknown>, callback: (r: unknown) => void) {
          fake.calls.displayDialogAsync.push({ url, options });
          if (fake.openFails) {
            callback({ status: 'failed', error: { code: fake.openFails, message: 'nope' } });
            return;
          }
          const dialog: FakeDialog = {
            closed: 0,
            closeThrows: false,
            handlers: new Map(),
            close() {
              this.closed++;
              if (this.closeThrows) throw new Error('already closed');
            },
            addEventHandler(type, handler) {
              this.handlers.set(type, handler);
            },
          };
          fake.dialog = dialog;
          callback({ status: 'succeeded', value: dialog });
        },
      },
    },
    auth: fake.noAuth
      ? undefined
      : {
          getAccessToken(options: Record<string, unknown>) {
            fake.calls.getAccessToken.push(options);
            const next = fake.sso.shift();
            if (typeof next === 'string') return Promise.resolve(next);
            return Promise.reject(Object.assign(new Error(`SSO error ${next}`), { code: next }));
          },
        },
  };
  (globalThis as { Office?: unknown }).Office = office;
  return fake;
}

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

const URL = 'https://wenshu.dept.gov.hk/addin/signin.html';
const source = () => officeTokenSource({ dialogUrl: URL });
const message = (fake: FakeOffice, raw: unknown) => fake.dialog!.handlers.get('dialogMessageReceived')!({ message: raw });
const event = (fake: FakeOffice, code: number) => fake.dialog!.handlers.get('dialogEventReceived')!({ error: code });
const flush = () => new Promise((r) => setTimeout(r, 0));

async function rejection(p: Promise<unknown>): Promise<SignInError> {
  try {
    await p;
  } catch (err) {
    return err as SignInError;
  }
  throw new Error('expected a rejection');
}

describe('silent sign-in (at start, on 401)', () => {
  test('asks Office without any prompt and returns its token', async () => {
    const fake = install({ sso: ['tok-1'] });
    await expect(source().getToken({ interactive: false })).resolves.toBe('tok-1');
    expect(fake.calls.getAccessToken).toEqual([{ allowSignInPrompt: false, allowConsentPrompt: false, forMSGraphAccess: false }]);
    expect(fake.calls.displayDialogAsync).toHaveLength(0);
  });

  test.each([13000, 13003, 13004, 13005, 13006, 13007, 13008, 13010, 13012, 13013])('%i: fails quietly, never opens the dialog', async (code) => {
    const fake = install({ sso: [code] });
    const err = await rejection(source().getToken());
    expect(err).toBeInstanceOf(SignInError);
    expect(err.code).toBe(code);
    expect(err.cancelled).toBe(false);
    expect(fake.calls.displayDialogAsync).toHaveLength(0);
  });

  test.each([13001, 13002])('%i (not signed in / cancelled): reported as cancelled, not as a failure', async (code) => {
    install({ sso: [code] });
    const err = await rejection(source().getToken({ interactive: false }));
    expect(err.cancelled).toBe(true);
  });
});

describe('interactive sign-in (the officer clicks)', () => {
  test('SSO with prompts allowed; no dialog when SSO works', async () => {
    const fake = install({ sso: ['tok-2'] });
    await expect(source().getToken({ interactive: true })).resolves.toBe('tok-2');
    expect(fake.calls.getAccessToken[0]).toMatchObject({ allowSignInPrompt: true, allowConsentPrompt: true });
    expect(fake.calls.displayDialogAsync).toHaveLength(0);
  });

  test.each([13000, 13003, 13006, 13007, 13008, 13012, 13013])('%i: falls back to the sign-in page, whose token message resolves and closes it', async (code) => {
    const fake = install({ sso: [code] });
    const pending = source().getToken({ interactive: true });
    await flush();
    expect(fake.calls.displayDialogAsync).toEqual([{ url: URL, options: expect.objectContaining({ promptBeforeOpen: false }) }]);
    message(fake, tokenMessage('tok-dialog'));
    await expect(pending).resolves.toBe('tok-dialog');
    expect(fake.dialog!.closed).toBe(1);
  });

  test('after a silent attempt showed SSO is unavailable, the click opens the dialog synchronously (no SSO call first)', async () => {
    const fake = install({ sso: [13000] });
    const tokens = source();
    await rejection(tokens.getToken({ interactive: false }));
    const pending = tokens.getToken({ interactive: true });
    // Still in the click's turn: no await has happened yet.
    expect(fake.calls.displayDialogAsync).toHaveLength(1);
    expect(fake.calls.getAccessToken).toHaveLength(1);
    message(fake, tokenMessage('tok-3'));
    await expect(pending).resolves.toBe('tok-3');
  });

  test('without Office.auth at all (older Office), the click opens the dialog', async () => {
    const fake = install({ noAuth: true });
    const pending = source().getToken({ interactive: true });
    await flush();
    message(fake, tokenMessage('tok-4'));
    await expect(pending).resolves.toBe('tok-4');
    expect(fake.dialog!.closed).toBe(1);
  });

  test.each([13001, 13002])('%i: the officer cancelled; no dialog', async (code) => {
    const fake = install({ sso: [code] });
    const err = await rejection(source().getToken({ interactive: true }));
    expect(err.cancelled).toBe(true);
    expect(fake.calls.displayDialogAsync).toHaveLength(0);
  });

  test('an error outside 13xxx is a failure with its reason, no dialog', async () => {
    const fake = install({ sso: [50001] });
    const err = await rejection(source().getToken({ interactive: true }));
    expect(err.cancelled).toBe(false);
    expect(err.code).toBe(50001);
    expect(fake.calls.displayDialogAsync).toHaveLength(0);
  });
});

describe('the dialog is closed on every outcome', () => {
  async function opened() {
    const fake = install({ sso: [13000] });
    const pending = source().getToken({ interactive: true });
    await flush();
    return { fake, pending };
  }

  test("the page's error message: a failure with the page's reason", async () => {
    const { fake, pending } = await opened();
    message(fake, errorMessage('AADSTS50020: user account does not exist in tenant'));
    const err = await rejection(pending);
    expect(err.message).toContain('AADSTS50020');
    expect(err.cancelled).toBe(false);
    expect(fake.dialog!.closed).toBe(1);
  });

  test("the page's cancelled message: cancelled", async () => {
    const { fake, pending } = await opened();
    message(fake, errorMessage('user_cancelled', true));
    expect((await rejection(pending)).cancelled).toBe(true);
    expect(fake.dialog!.closed).toBe(1);
  });

  test('an unreadable message: a failure, closed', async () => {
    const { fake, pending } = await opened();
    message(fake, '<html>not json');
    expect((await rejection(pending)).message).toMatch(/unreadable/);
    expect(fake.dialog!.closed).toBe(1);
  });

  test('12002 (page not found): a failure that says so, closed', async () => {
    const { fake, pending } = await opened();
    event(fake, 12002);
    const err = await rejection(pending);
    expect(err.code).toBe(12002);
    expect(err.message).toMatch(/could not be found/);
    expect(err.cancelled).toBe(false);
    expect(fake.dialog!.closed).toBe(1);
  });

  test('12006 (the officer closed it): cancelled; a close() that throws does not change the outcome', async () => {
    const { fake, pending } = await opened();
    fake.dialog!.closeThrows = true;
    event(fake, 12006);
    const err = await rejection(pending);
    expect(err.cancelled).toBe(true);
    expect(fake.dialog!.closed).toBe(1);
  });

  test('a message then an event settle once and close once', async () => {
    const { fake, pending } = await opened();
    message(fake, tokenMessage('tok-5'));
    event(fake, 12006);
    await expect(pending).resolves.toBe('tok-5');
    expect(fake.dialog!.closed).toBe(1);
  });

  test('12009 (the officer ignored or blocked the window): cancelled, nothing to close', async () => {
    install({ sso: [13000], openFails: 12009 });
    expect((await rejection(source().getToken({ interactive: true }))).cancelled).toBe(true);
  });

  test('12007 (a window already open): a failure that says so', async () => {
    install({ sso: [13000], openFails: 12007 });
    const err = await rejection(source().getToken({ interactive: true }));
    expect(err.code).toBe(12007);
    expect(err.message).toMatch(/already open/);
  });
});

test('outside Office: unavailable, and getToken says why', async () => {
  const tokens = source();
  expect(tokens.available()).toBe(false);
  await expect(tokens.getToken()).rejects.toThrow(/not running inside Office/);
});
