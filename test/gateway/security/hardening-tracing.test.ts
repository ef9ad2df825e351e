/**
 * Issue 9, "LangChain tracing is switched on by environment variables (LANGSMITH_TRACING, LANGCHAIN_TRACING_V2)
 * and would send unredacted prompts to a tracing service; nothing turns it off". The environment turns tracing
 * on and points it at a recording server on loopback; a draft made through the LangChain chain must send that
 * server nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { GatewayConfigSchema } from '../../../src/gateway/config/schema';
import { FakeUpstream, sleep } from '../support/fake-upstream';
import { startTestGateway, testConfig } from '../support/gateway';

const TRACING_KEY = 'lsv2_pt_hardening-tracing-secret-key-0123456789';
const MARKER = 'Tracing probe: the officer’s text 2868-0000';

let upstream: FakeUpstream;
let tracing: Server;
const traced: string[] = [];
const saved: Record<string, string | undefined> = {};
const VARS = ['LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGSMITH_API_KEY', 'LANGSMITH_ENDPOINT', 'LANGCHAIN_ENDPOINT', 'LANGSMITH_PROJECT'];

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  tracing = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      traced.push(`${req.method} ${req.url}\n${Buffer.concat(chunks).toString('utf8')}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => tracing.listen(0, '127.0.0.1', () => r()));
  const endpoint = `http://127.0.0.1:${(tracing.address() as AddressInfo).port}`;
  for (const v of VARS) saved[v] = process.env[v];
  Object.assign(process.env, {
    LANGCHAIN_TRACING_V2: 'true',
    LANGSMITH_TRACING: 'true',
    LANGSMITH_API_KEY: TRACING_KEY,
    LANGSMITH_ENDPOINT: endpoint,
    LANGCHAIN_ENDPOINT: endpoint,
    LANGSMITH_PROJECT: 'wenshu-leak',
  });
});
afterAll(async () => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await upstream?.close();
  await new Promise<void>((r) => tracing.close(() => r()));
});

describe('LangChain tracing switched on by the environment', () => {
  it('a draft through the LangChain chain sends the tracing endpoint nothing, and the log names the variables only', async () => {
    const gw = await startTestGateway({ upstream });
    try {
      upstream.setDefault({ content: 'Thank you for your letter.' });
      const res = await request(`${gw.url}/v1/drafts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          template: 'fehd/email-reply',
          model: 'local',
          lang: 'en',
          keyPoints: [MARKER],
          fields: { ourRef: '(3) in FEHD HQ/1/2', subject: 'Market', receivedDate: '2025-03-01', contactOfficer: 'Mr LEE', contactPhone: '2868 0000', signatoryName: 'Miss WONG' },
        }),
      });
      const body = (await res.body.json()) as any;
      expect(res.statusCode).toBe(200);
      expect(body.composer).toBe('model');
      // the model was really called through LangChain with the officer's text
      expect(upstream.chatRequests.length).toBeGreaterThan(0);
      expect(upstream.everything()).toContain('Tracing probe');
      // LangSmith's client sends its batches within a second; give it longer than that
      await sleep(1_500);
      expect(traced).toEqual([]);
      // switched off for the whole process, and the key removed
      expect(process.env.LANGCHAIN_TRACING_V2).toBe('false');
      expect(process.env.LANGSMITH_TRACING).toBe('false');
      expect(process.env.LANGSMITH_API_KEY).toBeUndefined();
      expect(process.env.LANGSMITH_ENDPOINT).toBeUndefined();
      const logs = gw.logs.join('');
      expect(logs).toContain('tracing variables were set and have been switched off');
      expect(logs).toContain('LANGSMITH_API_KEY');
      expect(logs).not.toContain(TRACING_KEY);
    } finally {
      await gw.close();
    }
  });

  it('Wenshu’s own configuration cannot turn tracing on (traces would carry unredacted prompts)', () => {
    const parsed = GatewayConfigSchema.safeParse(testConfig(upstream, { tracing: { endpoint: 'https://tracing.internal.gov.hk' } }));
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/tracing cannot be turned on yet/);
  });
});
