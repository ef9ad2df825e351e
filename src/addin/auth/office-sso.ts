/// <reference types="office-js" />
/**
 * Sign-in through Office. THE ONE FILE OUTSIDE src/addin/hosts THAT TOUCHES `Office`, kept apart from the hosts
 * because it is about the officer, not the document: Office single sign-on (`Office.auth.getAccessToken`), and,
 * when SSO is unavailable (errors 13xxx: older Office, personal accounts, admin consent missing), a sign-in page
 * opened with `Office.context.ui.displayDialogAsync` that hands the token back with `Office.context.ui.messageParent`
 * as JSON `{"type":"token","token":"..."}` or `{"type":"error","message":"..."}`.
 *
 * Tokens are returned to the caller, never written anywhere (see session.ts: memory only).
 */
import type { TokenSource } from './session';

type OfficeGlobal = typeof Office;

function office(): OfficeGlobal | undefined {
  const o = (globalThis as { Office?: OfficeGlobal }).Office;
  return o && o.context ? o : undefined;
}

export class SignInError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    /** The officer closed or refused the prompt: not worth showing as a failure. */
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** SSO is not available here (as opposed to the officer cancelling it): fall back to the dialog. */
function ssoUnavailable(code: number | undefined): boolean {
  return code !== undefined && code >= 13000 && code < 14000 && code !== 13001 && code !== 13002;
}

export interface OfficeSsoOptions {
  /** The sign-in page for the dialog fallback (absolute https URL on the add-in's own domain). */
  dialogUrl: string;
}

export function officeTokenSource(options: OfficeSsoOptions): TokenSource {
  return {
    available: () => Boolean(office()),
    async getToken(): Promise<string> {
      const o = office();
      if (!o) throw new SignInError('not running inside Office');
      try {
        return await o.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false });
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === 13001 || code === 13002) throw new SignInError((err as Error).message || 'sign-in cancelled', code, true);
        if (!ssoUnavailable(code) && code !== undefined) throw new SignInError((err as { message?: string }).message || `sign-in failed (${code})`, code);
        return dialogSignIn(o, options.dialogUrl);
      }
    },
  };
}

function dialogSignIn(o: OfficeGlobal, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    o.context.ui.displayDialogAsync(url, { height: 60, width: 30, promptBeforeOpen: false }, (result) => {
      if (result.status !== o.AsyncResultStatus.Succeeded) {
        reject(new SignInError(`the sign-in window could not open (${result.error?.code ?? 'unknown'})`, result.error?.code));
        return;
      }
      const dialog = result.value;
      dialog.addEventHandler(o.EventType.DialogMessageReceived, (arg) => {
        dialog.close();
        const message = (arg as { message?: string }).message ?? '';
        try {
          const parsed = JSON.parse(message) as { type?: string; token?: string; message?: string };
          if (parsed.type === 'token' && parsed.token) resolve(parsed.token);
          else reject(new SignInError(parsed.message || 'sign-in failed'));
        } catch {
          reject(new SignInError('the sign-in window sent an unreadable answer'));
        }
      });
      dialog.addEventHandler(o.EventType.DialogEventReceived, (arg) => {
        const code = (arg as { error?: number }).error;
        // 12006: the officer closed the window.
        reject(new SignInError(code === 12006 ? 'sign-in cancelled' : `sign-in window failed (${code})`, code, code === 12006));
      });
    });
  });
}
