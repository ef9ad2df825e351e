/**
 * Issue 9, "JWTs: scp/roles, azp/appid and idtyp are not checked; with more than 200 groups (groups overage) the
 * user silently falls to a default department". Through HTTP with the openai client and tokens from a test
 * identity provider; the overage lookup against a Graph stand-in on loopback.
 */
import OpenAI from 'openai';
import { FakeUpstream } from '../support/fake-upstream';
import { FakeGraph } from '../support/fake-graph';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { rawRequest } from '../support/http';
import { authConfig, CLIENT_APP, createIdp, FEHD_GROUP, TD_GROUP, type TestIdp } from '../support/jwt';

let upstream: FakeUpstream;
let idp: TestIdp;
beforeAll(async () => {
  upstream = await FakeUpstream.start();
  idp = await createIdp();
});
afterAll(() => upstream?.close());
afterEach(() => upstream.reset());

const ask = [{ role: 'user' as const, content: 'Please check this sentence.' }];

/** The test idp's auth section with `jwt` options merged in and other sections replaced. */
function auth(jwt: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) {
  const base = authConfig(idp);
  return { ...base, jwt: { ...base.jwt, ...jwt }, ...rest };
}

async function chat(gw: TestGateway, token: string) {
  const client = new OpenAI({ baseURL: gw.v1, apiKey: token, maxRetries: 0 });
  return client.chat.completions.create({ model: 'local', messages: ask }).catch((e) => e);
}

async function departmentOf(gw: TestGateway, token: string): Promise<{ status: number; department?: string; body: any }> {
  const r = await rawRequest(`${gw.url}/v1/templates`, { headers: { authorization: `Bearer ${token}` } });
  const body = r.json();
  return { status: r.status, department: body.departments?.[0]?.id, body };
}

describe('JWT scp/roles: a token must grant the gateway’s scope', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: auth() });
  });
  afterAll(() => gw?.close());

  it('a user token with access_as_user is served', async () => {
    const out = await chat(gw, await idp.token());
    expect(out.choices?.[0]?.message?.content).toBeTruthy();
  });

  it.each([
    ['another scope only', { scp: 'User.Read Mail.Read' }],
    ['no scp claim at all', { scp: undefined }],
    ['a scope that only contains the required one', { scp: 'access_as_user_extra' }],
  ])('a token with %s is refused with 403 insufficient_scope, before any model', async (_name, claims) => {
    const err = await chat(gw, await idp.token(claims));
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.message).toMatch(/none of the required scopes \(access_as_user\)/);
    expect(err.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    expect(upstream.chatRequests).toHaveLength(0);
  });

  it('the required scopes are configurable (auth.jwt.requiredScopes)', async () => {
    const custom = await startTestGateway({ upstream, auth: auth({ requiredScopes: ['Wenshu.Draft'] }) });
    try {
      expect((await chat(custom, await idp.token())).status).toBe(403);
      expect((await chat(custom, await idp.token({ scp: 'openid Wenshu.Draft' }))).choices).toHaveLength(1);
    } finally {
      await custom.close();
    }
  });
});

describe('JWT idtyp: app-only tokens (any app in the tenant can get one) are refused unless configured', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: auth() });
  });
  afterAll(() => gw?.close());

  it.each([
    ['idtyp app with roles', { idtyp: 'app', scp: undefined, roles: ['Wenshu.Batch'] }],
    ['roles without scp (a v1 app token, no idtyp)', { scp: undefined, roles: ['Wenshu.Batch'] }],
    ['idtyp app even with a scope-looking claim', { idtyp: 'app', roles: ['Wenshu.Batch'] }],
  ])('%s: 403 with a reason', async (_name, claims) => {
    const err = await chat(gw, await idp.token(claims));
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.message).toMatch(/app-only tokens .* are not accepted/);
    expect(upstream.chatRequests).toHaveLength(0);
  });

  it('with allowAppTokens an app token needs one of requiredRoles, and is mapped by its own id (byUser)', async () => {
    const apps = await startTestGateway({
      upstream,
      auth: auth({ allowAppTokens: true, requiredRoles: ['Wenshu.Batch'] }, { departments: { byUser: { 'sp-batch-app': 'td' } } }),
    });
    try {
      const withRole = await departmentOf(apps, await idp.token({ idtyp: 'app', scp: undefined, roles: ['Wenshu.Batch'], oid: 'sp-batch-app', groups: undefined }));
      expect(withRole).toMatchObject({ status: 200, department: 'td' });
      const otherRole = await departmentOf(apps, await idp.token({ idtyp: 'app', scp: undefined, roles: ['Something.Else'], oid: 'sp-batch-app', groups: undefined }));
      expect(otherRole.status).toBe(403);
      expect(otherRole.body.error.message).toMatch(/none of the required roles \(Wenshu\.Batch\)/);
    } finally {
      await apps.close();
    }
  });

  it('allowAppTokens without requiredRoles is a configuration error', async () => {
    await expect(startTestGateway({ upstream, auth: auth({ allowAppTokens: true }) })).rejects.toThrow(/allowAppTokens needs requiredRoles/);
  });
});

describe('JWT azp/appid: only the configured client applications may call', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ upstream, auth: auth({ allowedClients: [CLIENT_APP, 'outlook-client-app'] }) });
  });
  afterAll(() => gw?.close());

  it('a token issued to an allowed client (azp, or v1 appid) is served', async () => {
    expect((await departmentOf(gw, await idp.token())).status).toBe(200);
    expect((await departmentOf(gw, await idp.token({ azp: undefined, appid: 'outlook-client-app' }))).status).toBe(200);
  });

  it.each([
    ['another app in the tenant (azp)', { azp: 'some-other-tenant-app' }],
    ['another app (v1 appid)', { azp: undefined, appid: 'some-other-tenant-app' }],
    ['no azp or appid at all', { azp: undefined }],
  ])('a token issued to %s gets 403', async (_name, claims) => {
    const err = await chat(gw, await idp.token(claims));
    expect(err).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(err.message).toMatch(/client application .* is not allowed/);
    expect(upstream.chatRequests).toHaveLength(0);
  });
});

describe('JWT groups overage: never a silent default department', () => {
  // Entra ID leaves `groups` out for a user in too many groups and says so in _claim_names (or hasgroups).
  const overage = { groups: undefined, _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.windows.net/x/users/u/getMemberObjects' } } };

  it('without auth.jwt.graph: 403 with a clear reason, although departments.default is set', async () => {
    const gw = await startTestGateway({ upstream, auth: auth({}, { departments: { byGroup: { [FEHD_GROUP]: 'fehd', [TD_GROUP]: 'td' }, default: 'fehd' } }) });
    try {
      for (const claims of [overage, { groups: undefined, hasgroups: true }]) {
        const r = await departmentOf(gw, await idp.token(claims));
        expect(r.status).toBe(403);
        expect(r.body.error.message).toMatch(/too many groups .*\(groups overage\).*\(auth\.jwt\.graph\)/);
      }
      // a token that carries its groups is mapped as before, and an unmapped one gets the default
      expect(await departmentOf(gw, await idp.token({ groups: [TD_GROUP] }))).toMatchObject({ status: 200, department: 'td' });
      expect(await departmentOf(gw, await idp.token({ groups: ['unmapped'] }))).toMatchObject({ status: 200, department: 'fehd' });
    } finally {
      await gw.close();
    }
  });

  describe('with auth.jwt.graph', () => {
    let graph: FakeGraph;
    let gw: TestGateway;
    const SECRET_ENV = 'WENSHU_TEST_GRAPH_SECRET';
    beforeAll(async () => {
      graph = await FakeGraph.start();
      process.env[SECRET_ENV] = 'graph-client-secret-for-tests';
      gw = await startTestGateway({ upstream, auth: auth({ graph: graph.config(SECRET_ENV) }, { departments: { byGroup: { [FEHD_GROUP]: 'fehd', [TD_GROUP]: 'td' }, default: 'fehd' } }) });
    });
    afterAll(async () => {
      await gw?.close();
      await graph?.close();
      delete process.env[SECRET_ENV];
    });
    afterEach(() => {
      graph.requests.length = 0;
      graph.failing = false;
    });

    it('the department comes from the user’s groups in Graph', async () => {
      graph.groups.set('user-overage', ['g-unrelated', TD_GROUP]);
      const r = await departmentOf(gw, await idp.token({ ...overage, oid: 'user-overage' }));
      expect(r).toMatchObject({ status: 200, department: 'td' });
      expect(graph.requests.map((q) => q.path)).toEqual(['/token', '/v1.0/users/user-overage/getMemberObjects']);
      // the client secret went to the token endpoint only, and never into the gateway's log
      expect(graph.requests[0].body).toContain('client_secret=graph-client-secret-for-tests');
      expect(gw.logs.join('')).not.toContain('graph-client-secret-for-tests');
    });

    it('a token that carries its groups is not looked up', async () => {
      expect(await departmentOf(gw, await idp.token({ groups: [TD_GROUP] }))).toMatchObject({ status: 200, department: 'td' });
      expect(graph.requests).toHaveLength(0);
    });

    it('Graph failing: 503 directory_unavailable, never the default department', async () => {
      graph.failing = true;
      const r = await departmentOf(gw, await idp.token({ ...overage, oid: 'user-graph-down' }));
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('directory_unavailable');
      expect(r.body.error.message).not.toMatch(/graph is down/);
    });
  });
});
