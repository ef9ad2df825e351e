/**
 * Issue 9, "Fastify requestTimeout/connectionTimeout are 0 (slow uploads hold sockets)": a request whose body
 * trickles in (slowloris), or whose headers never end, is answered 408 and its socket closed after
 * server.requestTimeoutMs; a socket that says nothing is closed after server.connectionTimeoutMs.
 */
import { connect, type Socket } from 'node:net';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ config: { server: { requestTimeoutMs: 400, connectionTimeoutMs: 600 } } });
});
afterAll(() => gw?.close());

/** Opens a socket to the gateway, writes `text`, and resolves with what came back once the gateway closed it. */
function openAndWait(text: string | undefined, giveUpMs: number): Promise<{ closedByGateway: boolean; received: string; ms: number }> {
  const { port } = new URL(gw.url);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let settled = false;
    const finish = (closedByGateway: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ closedByGateway, received, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    socket.on('connect', () => {
      if (text) socket.write(text);
    });
    socket.on('data', (d) => (received += d.toString('utf8')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

describe('slow uploads cannot hold a socket', () => {
  it('a body that never finishes arriving (slowloris) gets 408 and the socket is closed', async () => {
    const { port } = new URL(gw.url);
    const head = `POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{"text":"`;
    const out = await openAndWait(head, 5_000);
    expect(out.closedByGateway).toBe(true);
    expect(out.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers that never end get 408 and the socket is closed', async () => {
    const { port } = new URL(gw.url);
    const out = await openAndWait(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: a`, 5_000);
    expect(out.closedByGateway).toBe(true);
    expect(out.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a connection that sends nothing is closed', async () => {
    const out = await openAndWait(undefined, 5_000);
    expect(out.closedByGateway).toBe(true);
  });

  it('an ordinary request is unaffected', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
