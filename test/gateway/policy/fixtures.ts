/** Keys, tokens and configuration for the policy tests: a real RSA key pair made with jose in the test run. */
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import type { AuthConfigInput } from '../../../src/gateway/policy/auth-config';

export const ISSUER = 'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0';
export const AUDIENCE = 'api://wenshu.gov.hk/22222222-2222-2222-2222-222222222222';
export const TENANT = '11111111-1111-1111-1111-111111111111';
export const FOREIGN_TENANT = '99999999-9999-9999-9999-999999999999';

export interface KeyPair {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: { kty: 'RSA'; n: string; e: string; kid: string; alg: 'RS256'; use: 'sig' };
  pem: string;
}

export async function makeKeyPair(kid: string, alg: 'RS256' | 'PS256' = 'RS256'): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const exported = await exportJWK(publicKey);
  const jwk = { kty: 'RSA' as const, n: exported.n!, e: exported.e!, kid, alg: 'RS256' as const, use: 'sig' as const };
  return { kid, privateKey, publicKey, jwk, pem: await exportSPKI(publicKey) };
}

export const now = (): number => Math.floor(Date.now() / 1000);

export function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    tid: TENANT,
    oid: 'user-1',
    // A delegated user token (Office SSO's conventional scope), the gateway's default requirement.
    scp: 'access_as_user',
    iat: now() - 10,
    nbf: now() - 10,
    exp: now() + 3600,
    ...overrides,
  };
}

/** A token signed as the identity provider signs it (RS256 with `kid`), unless told otherwise. */
export async function sign(
  key: KeyPair,
  payload: JWTPayload = claims(),
  options: { alg?: string; kid?: string | null; secret?: Uint8Array } = {},
): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const header: { alg: string; typ: string; kid?: string } = { alg, typ: 'JWT' };
  if (options.kid !== null) header.kid = options.kid ?? key.kid;
  const jwt = new SignJWT(payload).setProtectedHeader(header);
  return jwt.sign(options.secret ?? key.privateKey);
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured token (`alg: none`), built by hand: header.payload. and no signature. */
export function unsecured(payload: JWTPayload = claims(), alg = 'none'): string {
  return `${b64({ alg, typ: 'JWT' })}.${b64(payload)}.`;
}

/** The same token with its payload replaced and the original signature kept. */
export function withPayload(token: string, payload: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(payload)}.${signature}`;
}

export function authConfig(key: KeyPair | { jwksUrl: string }, extra: Partial<AuthConfigInput> = {}): AuthConfigInput {
  const source = 'jwksUrl' in key ? { jwksUrl: key.jwksUrl } : { jwks: { keys: [key.jwk] } };
  return {
    jwt: { ...source, issuers: [ISSUER], audiences: [AUDIENCE], tenants: [TENANT] },
    departments: { default: 'general' },
    tiers: { fehd: 'paid', general: 'free' },
    ...extra,
  };
}
