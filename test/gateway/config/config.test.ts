import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/gateway/config/load';

const dir = mkdtempSync(path.join(tmpdir(), 'wenshu-config-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.diagnostics;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('gateway configuration', () => {
  test('no file: loopback, port 8787, the offline drafter, development-mode auth', () => {
    const c = loadConfig({ env: {} });
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.server.port).toBe(8787);
    expect(c.models.map((m) => m.name)).toEqual(['offline']);
    expect(c.defaultModel).toBe('offline');
    expect(c.auth.jwt).toBeUndefined();
  });

  test('the README example is valid', () => {
    const c = loadConfig({ file: path.join(__dirname, '..', '..', '..', 'config', 'gateway.example.yaml'), env: {} });
    expect(c.models.map((m) => m.name)).toEqual(['deepseek-v3', 'offline']);
    expect(c.providers.find((p) => p.id === 'cloud')).toMatchObject({ external: true, maxClassification: 'UNCLASSIFIED' });
    expect(c.auth.jwt?.audiences).toHaveLength(1);
    expect(c.knowledge.embeddings).toMatchObject({ model: 'BAAI/bge-m3', apiKeyEnv: 'LOCAL_LLM_KEY' });
  });

  test('a wrong value is refused with file:line:column and what is wrong', () => {
    const f = file('bad-port.yaml', 'server:\n  host: 127.0.0.1\n  port: eighty\n');
    expect(problems(() => loadConfig({ file: f, env: {} }))).toEqual([`${f}:3:3: server.port must be a number (got "eighty")`]);
  });

  test('a deployment naming no provider is refused at its line', () => {
    const f = file('bad-provider.yaml', 'models:\n  - name: m\n    deployments:\n      - provider: nowhere\ndefaultModel: m\n');
    const [p] = problems(() => loadConfig({ file: f, env: {} }));
    expect(p).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:9: models\\[0\\]\\.deployments\\[0\\]\\.provider names no provider`));
  });

  test('YAML syntax errors name the line', () => {
    const f = file('syntax.yaml', 'server:\n  port: [1, 2\n');
    expect(problems(() => loadConfig({ file: f, env: {} }))[0]).toMatch(/syntax\.yaml:\d+:\d+: YAML syntax/);
  });

  test('an unreadable file is one clear line', () => {
    expect(problems(() => loadConfig({ file: path.join(dir, 'missing.yaml'), env: {} }))[0]).toMatch(/missing\.yaml: cannot read the configuration file \(ENOENT\)/);
  });

  test('environment variables override any key, case-insensitively, and bad ones are named', () => {
    const c = loadConfig({ env: { WENSHU_SERVER__PORT: '9000', WENSHU_SERVER__CORSORIGINS: '[https://a.example]', WENSHU_RETRY__MAXATTEMPTS: '5' } });
    expect(c.server.port).toBe(9000);
    expect(c.server.corsOrigins).toEqual(['https://a.example']);
    expect(c.retry.maxAttempts).toBe(5);
    expect(problems(() => loadConfig({ env: { WENSHU_SERVER__PORT: 'x' } }))).toEqual(['environment WENSHU_SERVER__PORT: server.port must be a number (got "x")']);
  });

  test('flags win over the file and the environment', () => {
    const f = file('port.yaml', 'server:\n  port: 1234\n');
    expect(loadConfig({ file: f, env: { WENSHU_SERVER__PORT: '2345' }, port: 3456 }).server.port).toBe(3456);
    expect(loadConfig({ file: f, env: { WENSHU_SERVER__PORT: '2345' } }).server.port).toBe(2345);
  });

  test('bad auth settings are refused with their place in the file', () => {
    const f = file('auth.yaml', 'auth:\n  jwt:\n    jwksUrl: http://example.com/keys\n    issuers: [x]\n    audiences: [y]\n    tenants: [z]\n');
    const [p] = problems(() => loadConfig({ file: f, env: {} }));
    expect(p).toMatch(/auth\.yaml:\d+:\d+: auth\.jwt/);
  });
});
