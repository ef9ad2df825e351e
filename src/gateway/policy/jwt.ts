/**
 * Bearer JWTs (Office SSO / Entra ID access tokens) verified with jose against the configured key set:
 * RS256 only, exact issuer and audience, tenant allow-list, `exp` required and `exp`/`nbf` checked with a
 * small leeway. The caller is `oid` + `tid`; the department comes from the server's mapping only (any
 * department-like claim in the token is ignored).
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Caller } from '../types';
import type { AuthConfig, JwtConfig } from './auth-config';
import { forbidden, insufficientScope, invalidToken, keysUnavailable } from './auth-errors';
import { requireDepartment, resolveDepartment, tierOf } from './departments';
import { createGraphGroups, type GraphGroups } from './graph-groups';

export const ACCEPTED_ALGORITHMS = ['RS256'] as const;

/** Longer than any real access token (Entra ID tokens with many groups stay well under 8 kB). */
const MAX_TOKEN_LENGTH = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface JwtVerifierOptions {
  /** For the remote key set: how long fetched keys are trusted and how often an unknown `kid` may refetch. */
  remote?: { cacheMaxAgeMs?: number; cooldownMs?: number; timeoutMs?: number };
  /** The environment the Graph client secret is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
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
  const clients = config.allowedClients ? new Set(config.allowedClients) : undefined;
  const graph: GraphGroups | undefined = config.graph ? createGraphGroups(config.graph, options.env ?? process.env) : undefined;

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

      // The client app the token was issued to (v2 `azp`, v1 `appid`): only the configured ones may call.
      const client = stringClaim(payload, 'azp') ?? stringClaim(payload, 'appid');
      if (clients && (!client || !clients.has(client))) throw forbidden('the client application this token was issued to is not allowed to call the gateway');

      // What the token grants. A user token carries delegated scopes (`scp`); an app-only token carries app
      // roles and `idtyp: app`. Any app in the tenant can get an app-only token for this audience, so those are
      // refused unless configured.
      const scopes = stringClaim(payload, 'scp')?.split(' ').filter(Boolean) ?? [];
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      const appOnly = payload.idtyp === 'app' || (scopes.length === 0 && roles.length > 0);
      if (appOnly) {
        if (!config.allowAppTokens) throw forbidden('app-only tokens (no signed-in user) are not accepted by this gateway');
        if (!roles.some((r) => config.requiredRoles!.includes(r))) throw insufficientScope(`the token carries none of the required roles (${config.requiredRoles!.join(', ')})`);
      } else if (!scopes.some((s) => config.requiredScopes.includes(s))) {
        throw insufficientScope(`the token grants none of the required scopes (${config.requiredScopes.join(', ')})`);
      }
      const admin = !!config.adminRoles?.length && roles.some((r) => config.adminRoles!.includes(r));

      const department = await departmentOf(auth, config, graph, payload, { userId, tenantId });
      return { userId, tenantId, department, tier: tierOf(auth.tiers, department), kind: 'user', ...(admin ? { admin: true } : {}) };
    },
  };
}

/**
 * "Groups overage": Entra ID leaves `groups` out of a token for a user in more groups than fit, and says so
 * with `_claim_names.groups` (v1/v2) or `hasgroups: true` (implicit flow). The groups are then looked up in
 * Microsoft Graph where configured; otherwise the user is refused, since a department by tenant or the
 * default would ignore groups that exist and may map elsewhere. A user mapped by `byUser` needs no groups.
 */
async function departmentOf(
  auth: Pick<AuthConfig, 'departments'>,
  config: JwtConfig,
  graph: GraphGroups | undefined,
  payload: JWTPayload,
  who: { userId: string; tenantId: string },
): Promise<string> {
  const rawGroups = payload[config.groupsClaim];
  const names = payload._claim_names as Record<string, unknown> | undefined;
  const overage = !Array.isArray(rawGroups) && ((!!names && typeof names === 'object' && config.groupsClaim in names) || payload.hasgroups === true);
  if (!overage) {
    const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : [];
    return requireDepartment(auth.departments, { ...who, groups });
  }
  const byUserOnly = resolveDepartment({ byUser: auth.departments.byUser }, who);
  if (byUserOnly) return byUserOnly;
  if (!graph) {
    throw forbidden('the token lists too many groups to carry them (groups overage) and this gateway is not configured to look them up (auth.jwt.graph); ask the administrator');
  }
  const groups = await graph.groupsOf(who.userId);
  return requireDepartment(auth.departments, { ...who, groups });
}
