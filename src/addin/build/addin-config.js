'use strict';
/**
 * The add-in's deployment settings, ONE source for both manifests and the pages (webpack.config.js): where the
 * add-in is served, the department's Entra ID app registration (client id, tenant, scope) and the gateway.
 *
 * Read from a JSON file (WENSHU_ADDIN_CONFIG, else config/addin.json when present; see config/addin.example.json),
 * then environment variables, which win: WENSHU_ADDIN_URL, WENSHU_ENTRA_CLIENT_ID, WENSHU_ENTRA_TENANT,
 * WENSHU_ENTRA_SCOPE, WENSHU_GATEWAY_URL, WENSHU_ALLOW_GATEWAY_CHANGE (1/0), WENSHU_APP_DOMAINS (comma-separated).
 * With nothing set, the development values: https://localhost:3000/ and a placeholder client id (SSO then fails
 * with 13xxx and the sign-in dialog says no registration is configured).
 */
const fs = require('node:fs');
const path = require('node:path');

const DEV_URL = 'https://localhost:3000/';
const PLACEHOLDER_CLIENT_ID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readFile(root, env) {
  const file = env.WENSHU_ADDIN_CONFIG ? path.resolve(env.WENSHU_ADDIN_CONFIG) : path.join(root, 'config', 'addin.json');
  if (!fs.existsSync(file)) {
    if (env.WENSHU_ADDIN_CONFIG) throw new Error(`WENSHU_ADDIN_CONFIG names ${file}, which does not exist`);
    return {};
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${err.message}`);
  }
}

function flag(value, fallback) {
  if (value === undefined || value === '') return fallback;
  return value === true || value === '1' || value === 'true';
}

/** The settings, checked: a bad value stops the build with a reason rather than producing a manifest Office rejects. */
function loadAddinConfig({ root = path.resolve(__dirname, '..', '..', '..'), env = process.env, production = false } = {}) {
  const file = readFile(root, env);
  const entra = file.entra || {};
  let addinUrl = env.WENSHU_ADDIN_URL || file.addinUrl || DEV_URL;
  if (!addinUrl.endsWith('/')) addinUrl += '/';
  const url = new URL(addinUrl);
  if (url.protocol !== 'https:') throw new Error(`the add-in URL must be https (Office requires it): ${addinUrl}`);
  const clientId = env.WENSHU_ENTRA_CLIENT_ID || entra.clientId || PLACEHOLDER_CLIENT_ID;
  if (!UUID.test(clientId)) throw new Error(`the Entra client id must be a GUID: ${clientId}`);
  const tenant = env.WENSHU_ENTRA_TENANT || entra.tenant || 'organizations';
  // Office SSO requires the Application ID URI to be api://<add-in host>/<client id>.
  const resource = `api://${url.host}/${clientId}`;
  const scopeName = env.WENSHU_ENTRA_SCOPE || entra.scope || 'access_as_user';
  const gatewayUrl = env.WENSHU_GATEWAY_URL || file.gatewayUrl || 'http://127.0.0.1:8787';
  const appDomains = (env.WENSHU_APP_DOMAINS ? env.WENSHU_APP_DOMAINS.split(',') : file.appDomains || [])
    .map((d) => d.trim())
    .filter(Boolean);
  // The sign-in dialog navigates to Entra ID: its domain must be trusted, or the dialog opens it in a browser.
  for (const d of ['https://login.microsoftonline.com', new URL(gatewayUrl).origin]) if (!appDomains.includes(d)) appDomains.push(d);
  return {
    addinUrl,
    clientId,
    configured: clientId !== PLACEHOLDER_CLIENT_ID,
    tenant,
    authority: `https://login.microsoftonline.com/${tenant}`,
    resource,
    scopes: [`${resource}/${scopeName}`],
    gatewayUrl,
    appDomains,
    allowGatewayChange: flag(env.WENSHU_ALLOW_GATEWAY_CHANGE ?? file.allowGatewayChange, !production),
    allowApiKey: !production,
  };
}

const escapeXml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A manifest with the development URL, <AppDomains> and <WebApplicationInfo> replaced by the settings' values.
 * The checked-in manifests carry development values in the same places, so they validate as they are.
 */
function applyToManifest(xml, config) {
  let out = xml.split(DEV_URL).join(config.addinUrl);
  const indentOf = (tag) => (out.match(new RegExp(`\\n([ \\t]*)<${tag}>`)) || [, '  '])[1];
  const domains = indentOf('AppDomains');
  out = out.replace(
    /<AppDomains>[\s\S]*?<\/AppDomains>/,
    `<AppDomains>\n${config.appDomains.map((d) => `${domains}  <AppDomain>${escapeXml(d)}</AppDomain>`).join('\n')}\n${domains}</AppDomains>`,
  );
  const w = indentOf('WebApplicationInfo');
  out = out.replace(
    /<WebApplicationInfo>[\s\S]*?<\/WebApplicationInfo>/,
    [
      '<WebApplicationInfo>',
      `${w}  <Id>${escapeXml(config.clientId)}</Id>`,
      `${w}  <Resource>${escapeXml(config.resource)}</Resource>`,
      `${w}  <Scopes>`,
      `${w}    <Scope>openid</Scope>`,
      `${w}    <Scope>profile</Scope>`,
      `${w}  </Scopes>`,
      `${w}</WebApplicationInfo>`,
    ].join('\n'),
  );
  return out;
}

/** What taskpane.html / preview.html read (src/addin/app/config.ts). */
function pageConfig(config, { production, version }) {
  return {
    gatewayUrl: config.gatewayUrl,
    signInUrl: 'signin.html',
    version,
    build: production ? 'production' : 'development',
    allowGatewayChange: config.allowGatewayChange,
    allowApiKey: config.allowApiKey,
  };
}

/** What signin.html reads (src/addin/signin/index.ts). */
function signInConfig(config) {
  return { clientId: config.configured ? config.clientId : '', authority: config.authority, scopes: config.scopes };
}

module.exports = { DEV_URL, PLACEHOLDER_CLIENT_ID, loadAddinConfig, applyToManifest, pageConfig, signInConfig };
