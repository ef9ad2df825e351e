/**
 * A Microsoft Graph stand-in on 127.0.0.1 for the groups-overage path: the client-credentials token endpoint
 * and `POST /users/{oid}/getMemberObjects`, with the groups of each user set by the test, and a switch that
 * makes Graph fail (500). Every request is recorded.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class FakeGraph {
  readonly requests: Array<{ path: string; body: string; authorization?: string }> = [];
  readonly groups = new Map<string, string[]>();
  failing = false;
  url = '';
  private server!: Server;

  static async start(): Promise<FakeGraph> {
    const g = new FakeGraph();
    g.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        g.requests.push({ path, body: Buffer.concat(chunks).toString('utf8'), authorization: req.headers.authorization });
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (g.failing) return send(500, { error: { message: 'graph is down' } });
        if (path === '/token') return send(200, { access_token: 'graph-app-token', expires_in: 3600, token_type: 'Bearer' });
        const m = /^\/v1\.0\/users\/([^/]+)\/getMemberObjects$/.exec(path);
        if (m && req.headers.authorization === 'Bearer graph-app-token') return send(200, { value: g.groups.get(decodeURIComponent(m[1])) ?? [] });
        send(404, { error: { message: 'not found' } });
      });
    });
    await new Promise<void>((r) => g.server.listen(0, '127.0.0.1', () => r()));
    g.url = `http://127.0.0.1:${(g.server.address() as AddressInfo).port}`;
    return g;
  }

  /** The gateway's auth.jwt.graph section for this server. */
  config(secretEnv: string) {
    return { tokenUrl: `${this.url}/token`, baseUrl: `${this.url}/v1.0`, clientId: 'wenshu-gateway', clientSecretEnv: secretEnv, timeoutMs: 2_000 };
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
