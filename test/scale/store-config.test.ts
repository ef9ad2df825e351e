/** The `store` section's scale-out part: both servers or neither, url or urlEnv, the URL's variable must be set. */
import { GatewayConfigSchema } from '../../src/gateway/config/schema';
import { resolveServerUrl } from '../../src/gateway/store/store-config';

const base = { auth: { mode: 'development' } };
const issues = (store: unknown) => {
  const r = GatewayConfigSchema.safeParse({ ...base, store });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('store.postgres and store.redis', () => {
  it('the embedded SQLite store stays the default', () => {
    const config = GatewayConfigSchema.parse(base);
    expect(config.store).toEqual({ sqlite: './data/wenshu.db' });
  });

  it('accepts both, each with a url or the variable that holds it', () => {
    expect(issues({ postgres: { url: 'postgres://db/wenshu' }, redis: { urlEnv: 'REDIS_URL' } })).toEqual([]);
  });

  it('refuses one without the other, naming the missing one', () => {
    expect(issues({ postgres: { url: 'postgres://db/wenshu' } })).toEqual([
      'store.redis: store.postgres and store.redis go together (the audit trail in PostgreSQL, the quotas in Redis): redis is missing',
    ]);
    expect(issues({ redis: { url: 'redis://cache' } })).toEqual([
      'store.postgres: store.postgres and store.redis go together (the audit trail in PostgreSQL, the quotas in Redis): postgres is missing',
    ]);
  });

  it('refuses both url and urlEnv, neither, a bad variable name and unknown keys', () => {
    expect(issues({ postgres: { url: 'postgres://db', urlEnv: 'DATABASE_URL' }, redis: { url: 'redis://cache' } })).toEqual(['store.postgres: give exactly one of url and urlEnv']);
    expect(issues({ postgres: {}, redis: { url: 'redis://cache' } })).toEqual(['store.postgres: give exactly one of url and urlEnv']);
    expect(issues({ postgres: { urlEnv: 'not a name' }, redis: { url: 'redis://cache' } })).toEqual(['store.postgres.urlEnv: must be an environment variable name']);
    expect(issues({ postgres: { url: 'postgres://db', password: 'x' }, redis: { url: 'redis://cache' } })[0]).toMatch(/^store\.postgres: Unrecognized key: "password"/);
  });

  it('reads the URL from the environment, and says which variable is unset', () => {
    expect(resolveServerUrl('postgres', { urlEnv: 'DATABASE_URL' }, { DATABASE_URL: 'postgres://db/w' })).toBe('postgres://db/w');
    expect(resolveServerUrl('redis', { url: 'redis://cache' }, {})).toBe('redis://cache');
    expect(() => resolveServerUrl('redis', { urlEnv: 'REDIS_URL' }, {})).toThrow('store.redis: the environment variable REDIS_URL that should hold its URL is not set');
  });
});
