/**
 * Issue 9, audit: "a failed write is logged and the record dropped". Through HTTP with a recording fake
 * upstream and a real SQLite file: when the audit record of a model call cannot be written, the call is not
 * answered (non-streamed: 503 audit_unavailable, no model text; streamed: an error event and no [DONE]).
 * The failing write is a trigger added through a second connection, as a full disk or a locked-down
 * database would refuse the INSERT.
 */
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { API_KEY, authConfig, createIdp, type TestIdp } from '../support/jwt';

let upstream: FakeUpstream;
let idp: TestIdp;
let gw: TestGateway;
let token: string;

const MODEL_TEXT = 'The market will be cleaned on Tuesday.';

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  upstream.setDefault({ content: MODEL_TEXT });
  idp = await createIdp();
  gw = await startTestGateway({ upstream, auth: authConfig(idp), store: 'file' });
  token = await idp.token();
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => allowWrites());

function refuseWrites() {
  const db = new Database(gw.dbFile!);
  db.exec("CREATE TRIGGER IF NOT EXISTS refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
  db.close();
}
function allowWrites() {
  const db = new Database(gw.dbFile!);
  db.exec('DROP TRIGGER IF EXISTS refuse_audit');
  db.close();
}

const headers = () => ({ 'x-api-key': API_KEY, 'content-type': 'application/json' });
const officer = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const FIELDS = {
  ourRef: '(12) in FEHD HQ/1234/56',
  receivedDate: '2025-03-01',
  channel: 'email',
  addressee: 'Mr CHAN Tai-man',
  subject: 'Cleanliness of Sheung Wan Market',
  contactOfficer: 'Mr LEE Ka-ming, Senior Health Inspector',
  contactPhone: '2868 0000',
  signatoryName: 'Miss WONG Mei-ling',
};
const DRAFT = JSON.stringify({ template: 'fehd/reply-public', fields: FIELDS, keyPoints: ['The market was cleaned twice daily from 1 March.'], lang: 'en' });

describe('audit fails closed', () => {
  it('a non-streamed model call whose audit record cannot be written is not answered: 503 audit_unavailable, no model text', async () => {
    const before = gw.store.audit.list({ limit: 1_000 }).length;
    refuseWrites();
    const res = await request(`${gw.v1}/chat/completions`, { method: 'POST', headers: headers(), body: JSON.stringify({ model: 'local', messages: [{ role: 'user', content: 'When is the market cleaned?' }] }) });
    const text = await res.body.text();
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(text).error).toMatchObject({ code: 'audit_unavailable', message: expect.stringContaining('audit record') });
    expect(text).not.toContain(MODEL_TEXT);
    expect(res.headers['x-wenshu-provider']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The store's own error text stays in the log, never in the answer.
    expect(text).not.toContain('disk is full');
    expect(gw.logs.join('')).toContain('audit record not written');
    expect(gw.store.audit.list({ limit: 1_000 })).toHaveLength(before);
  });

  it('the openai client gets an error, not the answer, and the next call (writes allowed again) is answered and recorded', async () => {
    const client = new OpenAI({ baseURL: gw.v1, apiKey: API_KEY, maxRetries: 0 });
    refuseWrites();
    await expect(client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'q' }] })).rejects.toMatchObject({ status: 503 });
    allowWrites();
    const before = gw.store.audit.list({ limit: 1_000 }).length;
    const answer = await client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'q' }] });
    expect(answer.choices[0].message.content).toBe(MODEL_TEXT);
    // Committed before the answer was sent: no waiting needed.
    expect(gw.store.audit.list({ limit: 1_000 })).toHaveLength(before + 1);
    expect(gw.store.audit.verify().ok).toBe(true);
  });

  it('a streamed call whose audit record cannot be written ends with an error event and no [DONE]', async () => {
    refuseWrites();
    const res = await request(`${gw.v1}/chat/completions`, { method: 'POST', headers: headers(), body: JSON.stringify({ model: 'local', stream: true, messages: [{ role: 'user', content: 'q' }] }) });
    const body = await res.body.text();
    expect(res.statusCode).toBe(200);
    const events = body.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
    expect(events).not.toContain('[DONE]');
    const last = JSON.parse(events[events.length - 1]);
    expect(last.error).toMatchObject({ message: expect.stringContaining('audit record') });
  });

  it('the openai client streaming a call whose record cannot be written sees the stream fail', async () => {
    refuseWrites();
    const client = new OpenAI({ baseURL: gw.v1, apiKey: API_KEY, maxRetries: 0 });
    const read = async () => {
      for await (const _ of await client.chat.completions.create({ model: 'local', stream: true, messages: [{ role: 'user', content: 'q' }] })) void _;
    };
    await expect(read()).rejects.toThrow(/audit record/);
  });

  it('a streamed draft whose audit record cannot be written ends with an error event and no done event', async () => {
    refuseWrites();
    const res = await request(`${gw.url}/v1/drafts`, {
      method: 'POST',
      headers: { ...officer(), accept: 'text/event-stream' },
      body: DRAFT,
    });
    const body = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`draft refused ${res.statusCode}: ${body}`);
    expect(body).toContain('event: error');
    expect(body).not.toContain('event: done');
    expect(body).toContain('audit record');
  });

  it('a draft answered in JSON whose audit record cannot be written gets 503 and no draft text', async () => {
    refuseWrites();
    const res = await request(`${gw.url}/v1/drafts`, {
      method: 'POST',
      headers: { ...officer(), accept: 'application/json' },
      body: DRAFT,
    });
    const body = await res.body.json() as { error?: { code: string }; text?: string };
    expect(res.statusCode).toBe(503);
    expect(body.error?.code).toBe('audit_unavailable');
    expect(body.text).toBeUndefined();
  });
});
