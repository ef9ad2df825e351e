/**
 * Issue 9, "What was found", classification cases, measured from outside through HTTP with a recording fake
 * upstream: markings the gate used to miss, the x-wenshu-classification header on drafts and transform,
 * content parts that cannot be scanned, tool-call arguments, and a department without a loaded pack.
 */
import OpenAI from 'openai';
import { request } from 'undici';
import { FakeUpstream } from '../support/fake-upstream';
import { startTestGateway, type TestGateway } from '../support/gateway';

let upstream: FakeUpstream;
let gw: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  gw = await startTestGateway({ upstream });
  client = new OpenAI({ baseURL: gw.v1, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});
afterEach(() => upstream.reset());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

const refused = async (model: string, messages: OpenAI.Chat.ChatCompletionMessageParam[]) => {
  const err = await client.chat.completions.create({ model, messages }).catch((e) => e);
  return err as { status?: number };
};

describe('markings the gate missed (issue 9)', () => {
  it.each([
    ['lowercase restricted at the top', 'restricted\n\nThe levy will be announced on Tuesday.'],
    ['full-width ＲＥＳＴＲＩＣＴＥＤ at the top', 'ＲＥＳＴＲＩＣＴＥＤ\n\nThe levy will be announced on Tuesday.'],
    ['a quoted email line > RESTRICTED', 'Please summarise:\n\n> RESTRICTED\n> The levy will be announced on Tuesday.'],
  ])('%s never reaches the external provider cleared only for UNCLASSIFIED', async (_case, content) => {
    const err = await refused('cloud', [{ role: 'user', content }]);
    expect(err.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('絕密 (TOP SECRET) never reaches the internal provider cleared for CONFIDENTIAL', async () => {
    const err = await refused('local', [{ role: 'user', content: '絕密\n\n有關部署如下。' }]);
    expect(err.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('a RESTRICTED marking inside tool-call arguments is scanned', async () => {
    const err = await refused('cloud', [
      { role: 'user', content: 'File the note.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'file_note', arguments: JSON.stringify({ note: 'RESTRICTED\nStaff matters' }) } }] },
      { role: 'tool', tool_call_id: 't1', content: 'filed' },
    ]);
    expect(err.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('an image part cannot be scanned: without a declaration it never goes to the external provider', async () => {
    const err = await refused('cloud', [{ role: 'user', content: [{ type: 'text', text: 'What does this say?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }]);
    expect(err.status).toBe(403);
    expect(upstream.requests).toHaveLength(0);
  });

  it('an image part declared UNCLASSIFIED may go to the external provider', async () => {
    const r = await client.chat.completions.create(
      { model: 'cloud', messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe.' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }] },
      { headers: { 'x-wenshu-classification': 'UNCLASSIFIED' } },
    );
    expect(r.choices[0].message.content).toBeTruthy();
    expect(upstream.requests).toHaveLength(1);
  });

  it('unmarked prose mentioning "restricted area" still goes to the external provider', async () => {
    await client.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: 'Entry to the restricted area of the market needs a permit.' }] });
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('x-wenshu-classification on drafts and transform (issue 9)', () => {
  const FIELDS = { ourRef: '(12) in FEHD HQ/1234/56', receivedDate: '2025-03-01', channel: 'email', addressee: 'Mr CHAN Tai-man', subject: 'Market', contactOfficer: 'Mr LEE', contactPhone: '2868 0000', signatoryName: 'Miss WONG' };

  it('POST /v1/drafts declared RESTRICTED by header is not answered by the external provider', async () => {
    const r = await post('/v1/drafts', { template: 'fehd/reply-public', fields: FIELDS, keyPoints: ['The market is cleaned daily.'], lang: 'en', model: 'cloud' }, { 'x-wenshu-classification': 'RESTRICTED' });
    expect(upstream.requests).toHaveLength(0);
    expect(r.text).not.toContain('external-cloud');
  });

  it('POST /v1/transform declared RESTRICTED by header is not answered by the external provider', async () => {
    const r = await post('/v1/transform', { action: 'polish', text: 'The market is cleaned daily.', model: 'cloud' }, { 'x-wenshu-classification': 'RESTRICTED' });
    expect(upstream.requests).toHaveLength(0);
    expect(r.text).not.toContain('external-cloud');
  });

  it('the same draft without the header is answered by the external provider (the test can fail)', async () => {
    await post('/v1/drafts', { template: 'fehd/reply-public', fields: FIELDS, keyPoints: ['The market is cleaned daily.'], lang: 'en', model: 'cloud' });
    expect(upstream.requests.length).toBeGreaterThan(0);
  });
});

describe('a department without a loaded pack (issue 9)', () => {
  let ghost: TestGateway;
  beforeAll(async () => {
    ghost = await startTestGateway({ upstream, config: { auth: { mode: 'development', departments: { default: 'ghost' } } } });
  });
  afterAll(async () => ghost?.close());

  it('is refused with 503 and a reason, never allowed every provider', async () => {
    const c = new OpenAI({ baseURL: ghost.v1, apiKey: 'x', maxRetries: 0 });
    const err = (await c.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: 'Hello' }] }).catch((e) => e)) as { status?: number; message?: string };
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/ghost/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('lists no models', async () => {
    const res = await request(`${ghost.v1}/models`);
    expect(((await res.body.json()) as { data: unknown[] }).data).toEqual([]);
  });
});
