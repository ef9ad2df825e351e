/**
 * Who the officer is to the gateway, held IN MEMORY ONLY. The bearer token and the development API key live in
 * this object's private fields: never in localStorage, sessionStorage, cookies or document settings. Closing the
 * pane forgets them; Office's own SSO cache makes signing in again silent.
 */

/** Where tokens come from: Office SSO (office-sso.ts) in the add-in, a fake in tests. */
export interface TokenSource {
  available(): boolean;
  /** `interactive` only from the officer's click: prompts and the sign-in dialog are allowed then, never otherwise. */
  getToken(request?: TokenRequest): Promise<string>;
}

export interface TokenRequest {
  interactive?: boolean;
}

export type SignInState =
  | { status: 'signed-out' }
  | { status: 'signing-in' }
  | { status: 'signed-in'; account: string; expiresAt?: number }
  | { status: 'failed'; reason: string };

type Listener = () => void;

/** Refresh this long before expiry. */
const EARLY_MS = 60_000;

export class AuthSession {
  #token: string | undefined;
  #apiKey: string | undefined;
  #state: SignInState = { status: 'signed-out' };
  readonly #listeners = new Set<Listener>();

  constructor(private readonly source: TokenSource | undefined) {}

  get state(): SignInState {
    return this.#state;
  }

  /** True when Office SSO (or its dialog fallback) can be tried here. */
  get canSignIn(): boolean {
    return Boolean(this.source?.available());
  }

  get hasApiKey(): boolean {
    return Boolean(this.#apiKey);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The officer's click: prompts and the sign-in dialog allowed. Call it directly from the click handler. */
  signIn(): Promise<SignInState> {
    return this.acquire(true);
  }

  /**
   * At start: Office's cached sign-in, no prompt, no dialog. Failing quietly leaves the officer signed out (the
   * Sign in button is there); it is never shown as a failure.
   */
  async signInSilently(): Promise<SignInState> {
    if (!this.source?.available()) return this.#state;
    try {
      this.adopt(await this.source.getToken({ interactive: false }));
    } catch {
      if (this.#state.status !== 'signed-in') this.set({ status: 'signed-out' });
    }
    return this.#state;
  }

  /**
   * After the gateway said 401: one silent attempt at a fresh token. True when there is a new token worth retrying
   * with (the client retries once, never more).
   */
  async refresh(): Promise<boolean> {
    if (!this.#token || !this.source?.available()) return false;
    const old = this.#token;
    try {
      this.adopt(await this.source.getToken({ interactive: false }));
      return this.#token !== undefined && this.#token !== old;
    } catch {
      this.#token = undefined;
      this.set({ status: 'signed-out' });
      return false;
    }
  }

  private async acquire(interactive: boolean): Promise<SignInState> {
    if (!this.source?.available()) {
      this.set({ status: 'failed', reason: 'unavailable' });
      return this.#state;
    }
    // getToken is called before the first await, so a dialog it opens is still in the click's turn.
    const pending = this.source.getToken({ interactive });
    this.set({ status: 'signing-in' });
    try {
      this.adopt(await pending);
    } catch (err) {
      this.#token = undefined;
      const cancelled = (err as { cancelled?: boolean }).cancelled;
      this.set(cancelled ? { status: 'signed-out' } : { status: 'failed', reason: (err as Error).message || String(err) });
    }
    return this.#state;
  }

  signOut(): void {
    this.#token = undefined;
    this.set({ status: 'signed-out' });
  }

  /** A development API key for local use (typed each session; memory only). Empty clears it. */
  setApiKey(key: string): void {
    this.#apiKey = key.trim() || undefined;
    this.emit();
  }

  /** Headers for a gateway call: the bearer token when signed in (refreshed near expiry), else the API key. */
  async headers(): Promise<Record<string, string>> {
    const s = this.#state;
    if (this.#token && s.status === 'signed-in' && s.expiresAt && s.expiresAt - EARLY_MS < Date.now() && this.source?.available()) {
      try {
        this.adopt(await this.source.getToken({ interactive: false }));
      } catch {
        // keep the old token: the gateway says when it has expired
      }
    }
    if (this.#token) return { authorization: `Bearer ${this.#token}` };
    if (this.#apiKey) return { 'x-api-key': this.#apiKey };
    return {};
  }

  private adopt(token: string): void {
    this.#token = token;
    const claims = decodeClaims(token);
    const account = String(claims.preferred_username ?? claims.upn ?? claims.name ?? claims.unique_name ?? claims.oid ?? '');
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    this.set({ status: 'signed-in', account, expiresAt });
  }

  private set(state: SignInState): void {
    this.#state = state;
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.#listeners]) l();
  }
}

/** The payload of a JWT, for display only (the gateway verifies it). */
export function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const binary = atob(b64);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
