/**
 * Both add-in manifests validate offline against the Office manifest schemas in ../shared (xmllint),
 * point at the development server, and declare the ids, permissions, requirements and commands we rely on.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { patchedSchemaDir } from './support/patched-schemas';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadAddinConfig, applyToManifest } = require('../../src/addin/build/addin-config') as {
  loadAddinConfig(o: { root?: string; env?: Record<string, string | undefined>; production?: boolean }): Record<string, unknown> & { addinUrl: string; resource: string; appDomains: string[] };
  applyToManifest(xml: string, config: unknown): string;
};

const repoRoot = path.resolve(__dirname, '..', '..');
const schemaDir = process.env.WENSHU_MANIFEST_SCHEMAS
  ? path.resolve(process.env.WENSHU_MANIFEST_SCHEMAS)
  : path.resolve(repoRoot, '..', 'shared', 'office-manifest-schemas');
const sharedSchema = path.join(schemaDir, 'OfficeAppManifestV1_1.xsd');
// The shared copy lacks <WebApplicationInfo> for mail add-ins: validate against a patched copy (see support/).
let patched: string | undefined;
const schemaFile = () => path.join((patched ??= patchedSchemaDir(schemaDir)), 'OfficeAppManifestV1_1.xsd');
const DEV = 'https://localhost:3000/';

const WORD = path.join(repoRoot, 'manifest.xml');
const OUTLOOK = path.join(repoRoot, 'manifest.outlook.xml');

function requireTools(): void {
  if (!fs.existsSync(sharedSchema)) {
    throw new Error(
      `Office manifest schemas not found at ${schemaDir}: the repository must sit next to a copy of shared/ ` +
        '(../shared/office-manifest-schemas/OfficeAppManifestV1_1.xsd), or WENSHU_MANIFEST_SCHEMAS must name the folder.',
    );
  }
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('xmllint not found: install it with `apt-get install -y libxml2-utils` (.ci/run does this).');
  }
}

function validate(file: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schemaFile(), file], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/** The string value of an XPath expression (namespaces ignored: use local-name()). */
function xpath(file: string, expr: string): string {
  const run = spawnSync('xmllint', ['--nonet', '--xpath', `string(${expr})`, file], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : '';
}

function count(file: string, expr: string): number {
  return Number(xpath(file, `count(${expr})`));
}

const el = (name: string) => `*[local-name()='${name}']`;

function pngSize(file: string): { width: number; height: number } {
  const buf = fs.readFileSync(file);
  expect(buf.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe.each([
  ['manifest.xml', WORD],
  ['manifest.outlook.xml', OUTLOOK],
])('%s', (_name, file) => {
  const text = fs.readFileSync(file, 'utf8');

  it('validates offline against OfficeAppManifestV1_1.xsd with xmllint', () => {
    requireTools();
    const result = validate(file);
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('points every URL at the development server, https://localhost:3000', () => {
    // Every URL the add-in loads (attribute values and element text; namespace URIs are not URLs).
    // AppDomains and the SSO resource name other hosts (Entra ID, the gateway) and an api:// URI: not pages.
    const pages = text.replace(/<AppDomains>[\s\S]*?<\/AppDomains>|<WebApplicationInfo>[\s\S]*?<\/WebApplicationInfo>/g, '');
    const urls = [...pages.matchAll(/(?:DefaultValue|Value)="([a-z]+:[^"]*)"|>([a-z]+:\/\/[^<]*)</g)].map((m) => m[1] ?? m[2]);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url).toMatch(/^https:\/\/localhost:3000\//);
    expect(text).toContain('https://localhost:3000/taskpane.html');
    expect(text).toContain('https://localhost:3000/commands.html');
  });

  it('declares WebApplicationInfo (Office SSO) and AppDomains with the development values', () => {
    requireTools();
    const info = `//${el('WebApplicationInfo')}`;
    expect(count(file, info)).toBe(1);
    expect(xpath(file, `${info}/${el('Id')}`)).toBe('00000000-0000-0000-0000-000000000000');
    expect(xpath(file, `${info}/${el('Resource')}`)).toBe('api://localhost:3000/00000000-0000-0000-0000-000000000000');
    expect(count(file, `${info}/${el('Scopes')}/${el('Scope')}`)).toBeGreaterThan(0);
    expect(xpath(file, `/${el('OfficeApp')}/${el('AppDomains')}/${el('AppDomain')}[1]`)).toBe('https://login.microsoftonline.com');
  });

  it("built for a department's domain and app registration, still validates and carries them everywhere", () => {
    requireTools();
    const config = loadAddinConfig({
      root: fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-cfg-')),
      env: {
        WENSHU_ADDIN_URL: 'https://wenshu.dept.gov.hk/addin',
        WENSHU_ENTRA_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
        WENSHU_ENTRA_TENANT: 'dept.gov.hk',
        WENSHU_GATEWAY_URL: 'https://gw.dept.gov.hk',
      },
      production: true,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-manifest-'));
    try {
      const built = path.join(dir, path.basename(file));
      fs.writeFileSync(built, applyToManifest(text, config));
      const result = validate(built);
      expect(result.output).toContain('validates');
      const out = fs.readFileSync(built, 'utf8');
      expect(out.replace(/<!--[\s\S]*?-->/g, '')).not.toContain('localhost:3000');
      expect(out).toContain('https://wenshu.dept.gov.hk/addin/taskpane.html');
      expect(xpath(built, `//${el('WebApplicationInfo')}/${el('Id')}`)).toBe('11111111-2222-3333-4444-555555555555');
      expect(xpath(built, `//${el('WebApplicationInfo')}/${el('Resource')}`)).toBe('api://wenshu.dept.gov.hk/11111111-2222-3333-4444-555555555555');
      const domains = [...out.matchAll(/<AppDomain>([^<]+)<\/AppDomain>/g)].map((m) => m[1]);
      expect(domains).toEqual(['https://login.microsoftonline.com', 'https://gw.dept.gov.hk']);
      expect(config.allowGatewayChange).toBe(false);
      expect(config.allowApiKey).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names itself 文書通 Wenshu, with zh-HK overrides', () => {
    requireTools();
    expect(xpath(file, `/${el('OfficeApp')}/${el('DisplayName')}/@DefaultValue`)).toBe('文書通 Wenshu');
    expect(xpath(file, `/${el('OfficeApp')}/${el('DisplayName')}/${el('Override')}[@Locale='zh-HK']/@Value`)).toContain('文書通');
    expect(xpath(file, `/${el('OfficeApp')}/${el('Description')}/${el('Override')}[@Locale='zh-HK']/@Value`)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('defines every resource it refers to, and its icons exist at the declared sizes', () => {
    requireTools();
    const refs = new Set([...text.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]));
    const ids = new Set([...text.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]));
    for (const ref of refs) expect(ids).toContain(ref);
    const images = [...text.matchAll(/<bt:Image id="Icon\.(\d+)x\1" DefaultValue="https:\/\/localhost:3000\/(assets\/[^"]+)"/g)];
    expect(images.length).toBe(3);
    for (const [, size, rel] of images) {
      const png = path.join(repoRoot, rel);
      expect(fs.existsSync(png)).toBe(true);
      expect(pngSize(png)).toEqual({ width: Number(size), height: Number(size) });
    }
    for (const attr of ['IconUrl', 'HighResolutionIconUrl']) {
      const url = xpath(file, `/${el('OfficeApp')}/${el(attr)}/@DefaultValue`);
      expect(fs.existsSync(path.join(repoRoot, url.slice(DEV.length)))).toBe(true);
    }
  });
});

describe('manifest.xml (Word)', () => {
  it('is a task pane add-in for Word documents with ReadWriteDocument and WordApi 1.3', () => {
    requireTools();
    const root = `/${el('OfficeApp')}`;
    expect(xpath(WORD, `${root}/${el('Id')}`)).toBe('1749b4d2-ce43-4257-857d-b43d5a21d3eb');
    expect(xpath(WORD, `${root}/@*[local-name()='type']`)).toBe('TaskPaneApp');
    expect(xpath(WORD, `${root}/${el('Hosts')}/${el('Host')}/@Name`)).toBe('Document');
    expect(xpath(WORD, `${root}/${el('Permissions')}`)).toBe('ReadWriteDocument');
    expect(xpath(WORD, `${root}/${el('Requirements')}//${el('Set')}[@Name='WordApi']/@MinVersion`)).toBe('1.3');
    expect(xpath(WORD, `${root}/${el('DefaultSettings')}/${el('SourceLocation')}/@DefaultValue`)).toBe(`${DEV}taskpane.html`);
  });

  it('puts a button on the Home tab that opens the task pane', () => {
    requireTools();
    const tab = `//${el('ExtensionPoint')}[@*[local-name()='type']='PrimaryCommandSurface']/${el('OfficeTab')}[@id='TabHome']`;
    expect(count(WORD, tab)).toBe(1);
    const button = `${tab}//${el('Control')}[@*[local-name()='type']='Button']`;
    expect(count(WORD, button)).toBe(1);
    expect(xpath(WORD, `${button}/${el('Action')}/@*[local-name()='type']`)).toBe('ShowTaskpane');
    expect(xpath(WORD, `${button}/${el('Action')}/${el('SourceLocation')}/@resid`)).toBe('Taskpane.Url');
    const label = xpath(WORD, `${button}/${el('Label')}/@resid`);
    expect(xpath(WORD, `//${el('String')}[@id='${label}']/@DefaultValue`)).toBe('文書通 Wenshu');
    expect(xpath(WORD, `//${el('Url')}[@id='Taskpane.Url']/@DefaultValue`)).toBe(`${DEV}taskpane.html`);
  });
});

describe('manifest.outlook.xml (Outlook)', () => {
  it('is a mail add-in with ReadWriteItem and Mailbox 1.5', () => {
    requireTools();
    const root = `/${el('OfficeApp')}`;
    expect(xpath(OUTLOOK, `${root}/${el('Id')}`)).toBe('03b75bd4-c541-430c-b07e-8b290dbf77fb');
    expect(xpath(OUTLOOK, `${root}/@*[local-name()='type']`)).toBe('MailApp');
    expect(xpath(OUTLOOK, `${root}/${el('Hosts')}/${el('Host')}/@Name`)).toBe('Mailbox');
    expect(xpath(OUTLOOK, `${root}/${el('Permissions')}`)).toBe('ReadWriteItem');
    expect(xpath(OUTLOOK, `${root}/${el('Requirements')}//${el('Set')}[@Name='Mailbox']/@MinVersion`)).toBe('1.5');
    expect(xpath(OUTLOOK, `//${el('VersionOverrides')}/${el('VersionOverrides')}/${el('Requirements')}/${el('Sets')}/@DefaultMinVersion`)).toBe('1.5');
    for (const form of ['Read', 'Edit']) {
      expect(count(OUTLOOK, `${root}/${el('Rule')}/${el('Rule')}[@ItemType='Message'][@FormType='${form}']`)).toBe(1);
    }
  });

  it('opens the task pane from both the read and the compose surfaces', () => {
    requireTools();
    for (const surface of ['MessageReadCommandSurface', 'MessageComposeCommandSurface']) {
      const action = `//${el('ExtensionPoint')}[@*[local-name()='type']='${surface}']//${el('Control')}/${el('Action')}`;
      expect(xpath(OUTLOOK, `${action}/@*[local-name()='type']`)).toBe('ShowTaskpane');
      expect(xpath(OUTLOOK, `${action}/${el('SourceLocation')}/@resid`)).toBe('Taskpane.Url');
    }
  });
});

describe('the manifests are distinct add-ins', () => {
  it('have different, well-formed GUIDs', () => {
    const ids = [WORD, OUTLOOK].map((f) => /<Id>([^<]+)<\/Id>/.exec(fs.readFileSync(f, 'utf8'))?.[1]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('the deployment settings', () => {
  const root = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-cfg-'));
  it('refuse an add-in URL that is not https and a client id that is not a GUID, with the reason', () => {
    expect(() => loadAddinConfig({ root: root(), env: { WENSHU_ADDIN_URL: 'http://wenshu.dept.gov.hk/' } })).toThrow(/must be https/);
    expect(() => loadAddinConfig({ root: root(), env: { WENSHU_ENTRA_CLIENT_ID: 'not-a-guid' } })).toThrow(/must be a GUID/);
  });
  it('read config/addin.json, environment variables winning; development builds allow the gateway box and API key', () => {
    const dir = root();
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'addin.json'), JSON.stringify({ addinUrl: 'https://a.gov.hk/', entra: { clientId: '11111111-2222-3333-4444-555555555555' } }));
    const fromFile = loadAddinConfig({ root: dir, env: {} });
    expect(fromFile.resource).toBe('api://a.gov.hk/11111111-2222-3333-4444-555555555555');
    expect(fromFile.allowApiKey).toBe(true);
    const overridden = loadAddinConfig({ root: dir, env: { WENSHU_ADDIN_URL: 'https://b.gov.hk/x/' } });
    expect(overridden.addinUrl).toBe('https://b.gov.hk/x/');
    expect(overridden.resource).toBe('api://b.gov.hk/11111111-2222-3333-4444-555555555555');
    expect(loadAddinConfig({ root: dir, env: { WENSHU_ALLOW_GATEWAY_CHANGE: '1' }, production: true }).allowGatewayChange).toBe(true);
  });
});

describe('the schema check itself', () => {
  it('rejects a manifest the schema does not allow', () => {
    requireTools();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshu-manifest-'));
    try {
      const broken = path.join(dir, 'manifest.xml');
      fs.writeFileSync(broken, fs.readFileSync(WORD, 'utf8').replace('<Permissions>ReadWriteDocument<', '<Permissions>Everything<'));
      const result = validate(broken);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/Permissions/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
