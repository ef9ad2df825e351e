import { AuthConfigSchema } from '../../../src/gateway/policy/auth-config';
import { isDevelopmentConfig } from '../../../src/gateway/policy/authenticate';

const jwt = { jwksUrl: 'https://login.example/keys', issuers: ['https://login.example/v2.0'], audiences: ['api://wenshu'], tenants: ['t1'] };
const rsa = { kty: 'RSA', n: 'sXch', e: 'AQAB', kid: 'k1' };

describe('auth configuration', () => {
  it('accepts an empty object (development mode)', () => {
    const config = AuthConfigSchema.parse({});
    expect(config).toEqual({ departments: {}, tiers: {} });
    expect(isDevelopmentConfig(config)).toBe(true);
  });

  it('fills the JWT defaults', () => {
    const config = AuthConfigSchema.parse({ jwt });
    expect(config.jwt).toMatchObject({ clockSkewSeconds: 60, userClaim: 'oid', tenantClaim: 'tid', groupsClaim: 'groups' });
    expect(isDevelopmentConfig(config)).toBe(false);
  });

  it('takes exactly one key source', () => {
    expect(() => AuthConfigSchema.parse({ jwt: { ...jwt, jwksUrl: undefined } })).toThrow(/exactly one/);
    expect(() => AuthConfigSchema.parse({ jwt: { ...jwt, jwks: { keys: [rsa] } } })).toThrow(/exactly one/);
    expect(AuthConfigSchema.parse({ jwt: { ...jwt, jwksUrl: undefined, jwks: { keys: [rsa] } } }).jwt?.jwks?.keys).toHaveLength(1);
  });

  it('fetches keys over https only, or http on loopback', () => {
    expect(() => AuthConfigSchema.parse({ jwt: { ...jwt, jwksUrl: 'http://login.example/keys' } })).toThrow(/https/);
    expect(AuthConfigSchema.parse({ jwt: { ...jwt, jwksUrl: 'http://127.0.0.1:8080/keys' } }).jwt?.jwksUrl).toBe('http://127.0.0.1:8080/keys');
  });

  it('takes RSA public keys only inline', () => {
    const inline = (key: object) => AuthConfigSchema.parse({ jwt: { ...jwt, jwksUrl: undefined, jwks: { keys: [key] } } });
    expect(() => inline({ kty: 'oct', k: 'c2VjcmV0' })).toThrow(/RSA/);
    expect(() => inline({ ...rsa, d: 'private' })).toThrow(/private key/);
    expect(() => inline({ ...rsa, alg: 'HS256' })).toThrow(/RS256/);
    expect(() => inline({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' })).toThrow();
  });

  it('needs non-empty issuer, audience and tenant lists and a bounded skew', () => {
    for (const field of ['issuers', 'audiences', 'tenants']) expect(() => AuthConfigSchema.parse({ jwt: { ...jwt, [field]: [] } })).toThrow();
    expect(() => AuthConfigSchema.parse({ jwt: { ...jwt, clockSkewSeconds: 3600 } })).toThrow();
  });

  it('refuses unknown keys (typos must not silently disable a check)', () => {
    expect(() => AuthConfigSchema.parse({ jwt: { ...jwt, audience: 'x' } })).toThrow();
    expect(() => AuthConfigSchema.parse({ departments: { byGroups: {} } })).toThrow();
    expect(() => AuthConfigSchema.parse({ tiers: { fehd: 'gold' } })).toThrow();
  });
});
