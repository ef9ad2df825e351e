/**
 * Bearer JWTs (Office SSO / Entra ID access tokens) verified with jose against the configured key set:
 * RS256 only, exact issuer and audience, tenant allow-list, `exp` required and `exp`/`nbf` checked with a
 * small leeway. The caller is `oid` + `tid`; the department comes from the server's mapping only (any
 * department-like claim in the token is ignored).
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Caller } from '../types';
import type { AuthConfig, JwtConfig } from './auth-config';
import { invalidToken, keysUnavailable } from './auth-errors';
import { requireDepartment, tierOf } from './departments';

export const ACCEPTED_ALGORITHMS = ['RS256'] as const;

/** Longer than any real access token (Entra ID tokens with many groups stay well under 8 kB). */
const MAX_TOKEN_LENGTH = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface JwtVerifierOptions {
  /** For the remote key set: how long fetched keys are trusted and how often an unknown `kid` may refetch. */
  remote?: { cacheMaxAgeMs?: number; cooldownMs?: number; timeoutMs?: number };
}

export interface JwtVerifier {
  /** The caller a token proves, or a thrown HttpError (401 with a reason, 403 without a department, 503). */
  verify(token: string): Promise<Caller>;
}

function keySet(config: JwtConfig, options: JwtVerifierOptions): JWTVerifyGetKey {
  if (config.jwks) return createLocalJWKSet({ keys: config.jwks.keys.map((k) => ({ ...k })) });
  if (!config.jwksUrl) throw new Error('auth.jwt needs jwksUrl or jwks');
  return createRemoteJWKSet(new URL(config.jwksUrl), {
    cacheMaxAge: options.remote?.cacheMaxAgeMs ?? 10 * 60_000,
    cooldownDuration: options.remote?.cooldownMs ?? 30_000,
    timeoutDuration: options.remote?.timeoutMs ?? 5_000,
  });
}

/** The algorithm named in a header, when it is a plain identifier worth naming in a reason. */
function algorithmName(alg: unknown): string {
  return typeof alg === 'string' && /^[A-Za-z0-9_+-]{1,16}$/.test(alg) ? alg : 'given';
}

/** jose's errors as reasons a caller (and an administrator reading the log) can act on. */
function reasonFor(error: unknown): Error {
  if (error instanceof errors.JWTExpired) return invalidToken(error.claim === 'iat' ? 'token too old' : 'token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return invalidToken(`token has no ${error.claim === 'exp' ? 'expiry (exp)' : error.claim} claim`);
    switch (error.claim) {
      case 'nbf':
        return invalidToken('token not yet valid');
      case 'iat':
        return invalidToken('token issued in the future');
      case 'aud':
        return invalidToken('audience not accepted');
      case 'iss':
        return invalidToken('issuer not accepted');
      case 'exp':
        return invalidToken('token expiry (exp) is not a number');
      default:
        return invalidToken('token claims invalid');
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalidToken('signature invalid');
  if (error instanceof errors.JOSEAlgNotAllowed) return invalidToken('algorithm not accepted');
  if (error instanceof errors.JWKSNoMatchingKey) return invalidToken('no signing key of the identity provider matches the token (unknown kid)');
  if (error instanceof errors.JWKSMultipleMatchingKeys) return invalidToken('several signing keys match the token; it must name its kid');
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return invalidToken('malformed token');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return keysUnavailable();
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') return keysUnavailable(); // non-200 or bad JSON from jwksUrl
  if (error instanceof errors.JOSEError) return invalidToken('token invalid');
  // Anything else comes from fetching the key set (connection refused, DNS, TLS): our side, not the token.
  return keysUnavailable();
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined;
}

export function createJwtVerifier(auth: Pick<AuthConfig, 'jwt' | 'departments' | 'tiers'>, options: JwtVerifierOptions = {}): JwtVerifier {
  const config = auth.jwt;
  if (!config) throw new Error('createJwtVerifier: auth.jwt is not configured');
  const keys = keySet(config, options);
  const tenants = new Set(config.tenants);

  return {
    async verify(token) {
      if (!token || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw invalidToken('malformed token');
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(token);
      } catch {
        throw invalidToken('malformed token');
      }
      // jose refuses these too (the algorithms option below); checking first gives the reason a name, and
      // means a token signed with HS256 over the public key bytes never reaches a key lookup at all.
      if (!(ACCEPTED_ALGORITHMS as readonly unknown[]).includes(header.alg)) {
        throw invalidToken(`algorithm ${algorithmName(header.alg)} not accepted`);
      }

      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: [...ACCEPTED_ALGORITHMS],
          issuer: config.issuers,
          audience: config.audiences,
          clockTolerance: config.clockSkewSeconds,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        throw reasonFor(error);
      }

      const tenantId = stringClaim(payload, config.tenantClaim);
      if (!tenantId) throw invalidToken(`token has no ${config.tenantClaim} claim`);
      if (!tenants.has(tenantId)) throw invalidToken('tenant not allowed');
      const userId = stringClaim(payload, config.userClaim);
      if (!userId) throw invalidToken(`token has no ${config.userClaim} claim`);

      const rawGroups = payload[config.groupsClaim];
      const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : [];
      const department = requireDepartment(auth.departments, { userId, tenantId, groups });
      return { userId, tenantId, department, tier: tierOf(auth.tiers, department), kind: 'user' };
    },
  };
}
