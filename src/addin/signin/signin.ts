/**
 * What signin.html does inside the Office dialog, with MSAL and Office passed in (so tests drive it without a
 * browser redirect): finish a redirect if we are coming back from Entra ID, otherwise start one. The outcome
 * goes to the task pane as ONE message in the protocol of auth/signin-protocol.ts; nothing is stored by us
 * (MSAL keeps its own redirect state in sessionStorage for the dialog's lifetime only).
 */
import { errorMessage, tokenMessage } from '../auth/signin-protocol';

/** The part of @azure/msal-browser's PublicClientApplication this page uses. */
export interface MsalLike {
  initialize(): Promise<void>;
  handleRedirectPromise(): Promise<{ accessToken?: string } | null>;
  loginRedirect(request: { scopes: string[]; prompt?: string }): Promise<void>;
}

export interface SignInPageConfig {
  clientId: string;
  /** e.g. https://login.microsoftonline.com/<tenant-id> */
  authority: string;
  /** The gateway's scope, e.g. api://wenshu.example.gov.hk/<client-id>/access_as_user */
  scopes: string[];
}

/** MSAL error codes that mean the officer backed out rather than something broke. */
const CANCELLED = /user_cancelled|access_denied|consent_required|interaction_required/i;

export type SignInOutcome = 'sent-token' | 'sent-error' | 'redirecting';

export async function runSignInPage(msal: MsalLike, config: SignInPageConfig, send: (message: string) => void): Promise<SignInOutcome> {
  if (!config.clientId || config.scopes.length === 0) {
    send(errorMessage('this build has no Entra app registration configured (clientId and scopes)'));
    return 'sent-error';
  }
  try {
    await msal.initialize();
    const result = await msal.handleRedirectPromise();
    if (result?.accessToken) {
      send(tokenMessage(result.accessToken));
      return 'sent-token';
    }
    await msal.loginRedirect({ scopes: config.scopes, prompt: 'select_account' });
    return 'redirecting';
  } catch (err) {
    const code = String((err as { errorCode?: string }).errorCode ?? '');
    const message = (err as Error).message || code || 'sign-in failed';
    send(errorMessage(message.slice(0, 300), CANCELLED.test(code) || CANCELLED.test(message)));
    return 'sent-error';
  }
}
