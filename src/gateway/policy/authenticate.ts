/**
 * Who is calling: a user with a bearer JWT, a service with an API key, or, in development mode (asked for
 * explicitly, with no JWT and no API keys configured), whoever connects from this machine. Throws HttpError 401 (with
 * WWW-Authenticate), 403, or 503 when the identity provider's keys cannot be fetched.
 */
import type { Caller } from '../types';
import { AuthConfigSchema, type AuthConfig, type AuthConfigInput } from './auth-config';
import { forbidden, invalidToken, missingCredentials } from './auth-errors';
import { createApiKeyVerifier, isApiKeyLike, type ApiKeyVerifier } from './api-keys';
import { createJwtVerifier, type JwtVerifier, type JwtVerifierOptions } from './jwt';
import { isLoopback } from './loopback';

export interface AuthenticateInput {
  /** The Authorization header as received. */
  authorization?: string;
  /** The x-api-key header as received. */
  apiKey?: string;
  /** The socket's remote address (never a forwarded-for header). */
  remoteAddress: string;
}

export interface Authenticator {
  readonly mode: 'development' | 'configured';
  authenticate(input: AuthenticateInput): Promise<Caller>;
}

export interface AuthenticatorOptions {
  /**
   * Explicit development mode (`auth.mode: development` or `--dev`), only with neither `jwt` nor `apiKeys`:
   * loopback callers are let in. The app's onRequest hook also refuses proxied requests and foreign Host names.
   */
  developmentMode: boolean;
  jwt?: JwtVerifierOptions;
}

/** True when the configuration has no way to authenticate anyone, i.e. the gateway may only run in development mode. */
export function isDevelopmentConfig(config: Pick<AuthConfig, 'jwt' | 'apiKeys'>): boolean {
  return !config.jwt && !config.apiKeys?.length;
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const match = BEARER.exec(authorization);
  if (!match) throw invalidToken('only "Authorization: Bearer <token>" is accepted');
  return match[1];
}

export function createAuthenticator(input: AuthConfigInput | AuthConfig, options: AuthenticatorOptions): Authenticator {
  const config = AuthConfigSchema.parse(input);
  if (options.developmentMode) {
    if (!isDevelopmentConfig(config)) throw new Error('development mode is only for a gateway with neither auth.jwt nor auth.apiKeys configured');
    const department = config.departments.default ?? 'dev';
    return {
      mode: 'development',
      async authenticate({ remoteAddress }) {
        if (!isLoopback(remoteAddress)) {
          throw forbidden('development mode (no authentication configured) accepts requests from this machine only');
        }
        return { userId: 'dev', tenantId: 'local', department, tier: 'paid', kind: 'development', admin: true };
      },
    };
  }

  const jwt: JwtVerifier | undefined = config.jwt ? createJwtVerifier(config, options.jwt) : undefined;
  const keys: ApiKeyVerifier | undefined = config.apiKeys?.length ? createApiKeyVerifier(config) : undefined;

  return {
    mode: 'configured',
    async authenticate({ authorization, apiKey }) {
      const bearer = bearerToken(authorization);
      const headerKey = apiKey === undefined || apiKey === '' ? undefined : apiKey;
      if (headerKey !== undefined && bearer !== undefined && headerKey !== bearer) {
        throw invalidToken('send an x-api-key header or an Authorization header, not both');
      }
      const credential = headerKey ?? bearer;
      if (credential === undefined) throw missingCredentials('authentication required: send a bearer token or an API key');
      if (headerKey !== undefined || isApiKeyLike(credential)) {
        if (!keys) throw invalidToken('API keys are not accepted by this gateway');
        return keys.verify(credential);
      }
      if (!jwt) throw invalidToken('bearer tokens are not accepted by this gateway (no identity provider is configured)');
      return jwt.verify(credential);
    },
  };
}
