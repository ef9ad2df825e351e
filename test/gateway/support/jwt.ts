/**
 * An identity provider for tests: an RSA key pair made with jose, the public key as an inline JWKS for the
 * gateway's `auth.jwt.jwks`, and tokens good and bad (expired, wrong audience, foreign tenant, alg none,
 * HS256, altered signature).
 */
import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';

export const ISSUER = 'https://login.microsoftonline.com/tenant-hk/v2.0';
export const AUDIENCE = 'api://wenshu.gov.hk/client-1';
export const TENANT = 'tenant-hk';
export const FEHD_GROUP = 'grp-fehd-officers';
export const TD_GROUP = 'grp-td-officers';
/** The delegated scope the gateway requires by default (auth.jwt.requiredScopes), and the Office client's id. */
export const SCOPE = 'access_as_user';
export const CLIENT_APP = 'office-client-app';

export interface TestIdp {
  publicJwk: JWK;
  privateKey: KeyLike;
  /**
   * A user token for `oid` (default "user-1") in the allowed tenant with scope access_as_user, issued to
   * CLIENT_APP, valid for 10 minutes, with claims overridden (a claim set to undefined is left out).
   */
  token(claims?: JWTPayload, options?: { kid?: string; key?: KeyLike; expiresIn?: string | number }): Promise<string>;
}

export async function createIdp(kid = 'test-key-1'): Promise<TestIdp> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return {
    publicJwk,
    privateKey,
    async token(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = { oid: 'user-1', tid: TENANT, groups: [FEHD_GROUP], scp: SCOPE, azp: CLIENT_APP, ...claims };
      for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
        .setIssuer((claims.iss as string | undefined) ?? ISSUER)
        .setAudience((claims.aud as string | string[] | undefined) ?? AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : now + 600)
        .sign(options.key ?? privateKey);
    },
  };
}

export const API_KEY = 'wsk_test-batch-checker-key-0123456789abcdefghijklmn';

/** The gateway's `auth` section for an idp: fehd and td by group, fehd paid, one API key for td. */
export function authConfig(idp: TestIdp, over: Record<string, unknown> = {}) {
  return {
    jwt: { jwks: { keys: [idp.publicJwk] }, issuers: [ISSUER], audiences: [AUDIENCE], tenants: [TENANT], clockSkewSeconds: 5 },
    departments: { byGroup: { [FEHD_GROUP]: 'fehd', [TD_GROUP]: 'td' } },
    tiers: { fehd: 'paid' },
    apiKeys: [{ id: 'batch-checker', name: 'Nightly checker', sha256: createHash('sha256').update(API_KEY).digest('hex'), department: 'td' }],
    ...over,
  };
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A token with `alg: none` and no signature. */
export function unsignedToken(payload: JWTPayload): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

/** An HS256 token keyed with the public key's bytes: the classic RS256/HS256 confusion attack. */
export async function hs256Token(payload: JWTPayload, publicJwk: JWK): Promise<string> {
  const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid, typ: 'JWT' }).sign(secret);
}

/** The same token with one character of the signature changed. */
export function alterSignature(token: string): string {
  const [h, p, s] = token.split('.');
  const i = Math.floor(s.length / 2);
  const swapped = s[i] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${s.slice(0, i)}${swapped}${s.slice(i + 1)}`;
}

/** The same token with a claim changed and the original signature kept. */
export function alterPayload(token: string, claims: JWTPayload): string {
  const [h, p, s] = token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  return `${h}.${b64({ ...payload, ...claims })}.${s}`;
}
