/// <reference types="office-js" />
/**
 * Sign-in through Office. THE ONE FILE OUTSIDE src/addin/hosts THAT TOUCHES `Office`, kept apart from the hosts
 * because it is about the officer, not the document.
 *
 * - Silent (at start and on a 401): `Office.auth.getAccessToken({allowSignInPrompt: false})`; never a prompt,
 *   never a dialog (a dialog not opened from a click is blocked or unexpected).
 * - Interactive (the officer's click): SSO with prompts; when SSO is unavailable here (13xxx other than
 *   13001/13002: no WebApplicationInfo, older Office, personal account, admin consent missing) the sign-in page
 *   (signin.html, MSAL) is opened with `displayDialogAsync`. When a silent attempt already showed SSO is
 *   unavailable, the dialog is opened synchronously in the click handler, before any await, so Office and the
 *   browser treat it as user-initiated.
 * - The dialog is closed on every outcome: a message, an error event (12002 page not found, 12003, 12006 closed by
 *   the officer) and a failed open (12007 already open, 12009 the officer ignored/blocked it: nothing to close).
 *
 * Tokens are returned to the caller, never written anywhere (see session.ts: memory only).
 */
import type { TokenRequest, TokenSource } from './session';
import { parseSignInMessage } from './signin-protocol';

type OfficeGlobal = typeof Office;

function office(): OfficeGlobal | undefined {
  const o = (globalThis as { Office?: OfficeGlobal }).Office;
  return o && o.context ? o : undefined;
}

export class SignInError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    /** The officer closed or refused the prompt, or (silently) no one is signed in yet: not shown as a failure. */
    readonly cancelled = false,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** 13001: not signed in to Office; 13002: the officer cancelled sign-in or consent. */
const CANCEL_CODES = new Set([13001, 13002]);

/** SSO is not available here (as opposed to the officer cancelling it): fall back to the dialog. */
export function ssoUnavailable(code: number | undefined): boolean {
  return code !== undefined && code >= 13000 && code < 14000 && !CANCEL_CODES.has(code);
}

/** Why a dialog failed, by Office's code, for the pane (English; the pane shows its own bilingual wording). */
function dialogReason(code: number | undefined): string {
  switch (code) {
    case 12002:
      return 'the sign-in page could not be found or loaded (12002)';
    case 12003:
      return 'the sign-in page must be served over https (12003)';
    case 12004:
      return 'the sign-in page is not on a domain the add-in trusts (12004)';
    case 12007:
      return 'a sign-in window is already open (12007)';
    default:
      return `the sign-in window failed (${code ?? 'unknown'})`;
  }
}

export interface OfficeSsoOptions {
  /** The sign-in page for the dialog fallback (absolute https URL on the add-in's own domain). */
  dialogUrl: string;
}

export function officeTokenSource(options: OfficeSsoOptions): TokenSource {
  // Learned from a failed attempt (silent or not): SSO cannot work in this Office, go straight to the dialog.
  let useDialog = false;

  async function sso(o: OfficeGlobal, interactive: boolean): Promise<string> {
    if (!o.auth || typeof o.auth.getAccessToken !== 'function') {
      useDialog = true;
      throw new SignInError('Office single sign-on is not available here', 13000);
    }
    try {
      return await o.auth.getAccessToken({ allowSignInPrompt: interactive, allowConsentPrompt: interactive, forMSGraphAccess: false });
    } catch (err) {
      const code = (err as { code?: number }).code;
      const message = (err as { message?: string }).message || `sign-in failed (${code ?? 'unknown'})`;
      if (code !== undefined && CANCEL_CODES.has(code)) throw new SignInError(message, code, true);
      if (ssoUnavailable(code)) useDialog = true;
      throw new SignInError(message, code);
    }
  }

  return {
    available: () => Boolean(office()),
    getToken(request: TokenRequest = {}): Promise<string> {
      const o = office();
      if (!o) return Promise.reject(new SignInError('not running inside Office'));
      const interactive = request.interactive === true;
      // Synchronously, in the click's own turn: no await before displayDialogAsync.
      if (interactive && useDialog) return dialogSignIn(o, options.dialogUrl);
      return sso(o, interactive).catch((err: SignInError) => {
        if (interactive && useDialog) return dialogSignIn(o, options.dialogUrl);
        throw err;
      });
    },
  };
}

function dialogSignIn(o: OfficeGlobal, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    o.context.ui.displayDialogAsync(url, { height: 60, width: 30, promptBeforeOpen: false }, (result) => {
      if (result.status !== o.AsyncResultStatus.Succeeded) {
        const code = result.error?.code;
        // 12009: the officer ignored or blocked the window; nothing was opened, so nothing to close.
        if (code === 12009) reject(new SignInError('sign-in cancelled', code, true));
        else reject(new SignInError(dialogReason(code), code));
        return;
      }
      const dialog = result.value;
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        try {
          dialog.close();
        } catch {
          // already closed (12006) or gone: the outcome still stands
        }
        fn();
      };
      dialog.addEventHandler(o.EventType.DialogMessageReceived, (arg) => {
        const parsed = parseSignInMessage((arg as { message?: unknown }).message);
        finish(() => {
          if (parsed.type === 'token') resolve(parsed.token);
          else reject(new SignInError(parsed.message, undefined, parsed.cancelled === true));
        });
      });
      dialog.addEventHandler(o.EventType.DialogEventReceived, (arg) => {
        const code = (arg as { error?: number }).error;
        // 12006: the officer closed the window.
        finish(() => reject(code === 12006 ? new SignInError('sign-in cancelled', code, true) : new SignInError(dialogReason(code), code)));
      });
    });
  });
}
