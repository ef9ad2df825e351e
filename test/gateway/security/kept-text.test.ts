/**
 * Issue 9, "kept text": a department that keeps (redacted) text must never have raw personal data in the
 * SQLite store. Kept text used to be redacted after JSON.stringify, so a value right after a line break
 * (serialised as "\n", whose "n" defeats the patterns' look-behinds) went to disk raw. This sends such text
 * through an external provider, stops the gateway, and reads the database and its write-ahead log as bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'undici';
import { FakeUpstream } from '../support/fake-upstream';
import { parseSse, startTestGateway, type TestGateway } from '../support/gateway';

// Valid HKIDs (check digits by core's hkidCheckDigit) and a fixed-line phone, each at the start of a line.
const RAW = ['AB987654(3)', 'M100000(A)', '2868-0000'];
const TEXT = `Re: enquiry about a licence\nAB987654(3)\nM100000(A)\n2868-0000\nPlease reply by Friday.`;
// Fragments too: no part of a value may be stored.
const FRAGMENTS = [...RAW, 'AB987654', 'M100000', '28680000', '2868 0000'];

let upstream: FakeUpstream;
let gw: TestGateway | undefined;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
});
afterEach(async () => {
  await gw?.close();
  gw = undefined;
  upstream.reset();
});
afterAll(async () => {
  await upstream?.close();
});

async function transform(body: Record<string, unknown>, accept: string) {
  const res = await request(`${gw!.url}/v1/transform`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  return { status: res.statusCode, text: await res.body.text() };
}

/** The database and its write-ahead log, as bytes, after the gateway has stopped. */
function storedBytes(dbFile: string): Buffer {
  const parts = [dbFile, `${dbFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
  return Buffer.concat(parts);
}

describe('kept text: values at line starts never reach the SQLite store raw', () => {
  it('keeps redacted request and response text for TD (keepText 30 days); neither the .db nor the -wal file nor the external upstream holds a raw HKID or phone', async () => {
    // TD's pack keeps text for 30 days (templates/td/department.yaml, policy.keepText).
    gw = await startTestGateway({ upstream, store: 'file', auth: { mode: 'development', departments: { default: 'td' } } });
    upstream.enqueue({ echo: true });
    upstream.enqueue({ echo: true });

    const json = await transform({ action: 'polish', text: TEXT, model: 'cloud' }, 'application/json');
    expect(json.status).toBe(200);
    const body = JSON.parse(json.text);
    expect(body).toMatchObject({ provider: 'external-cloud', composer: 'model' });
    // The caller gets the values back (restored), so redaction did not just drop them.
    for (const v of RAW) expect(body.text).toContain(v);

    const sse = await transform({ action: 'polish', text: TEXT, model: 'cloud' }, 'text/event-stream');
    expect(sse.status).toBe(200);
    expect(parseSse(sse.text).some((e) => e.event === 'findings')).toBe(true);

    // The external provider saw placeholders only.
    expect(upstream.chatRequests).toHaveLength(2);
    const sent = upstream.everything();
    expect(sent).toContain('[HKID_1]');
    for (const v of FRAGMENTS) expect(sent).not.toContain(v);

    await gw.stop();
    // Text was kept (so the byte check below is about real rows), with placeholders where the values were.
    const kept = gw.store.audit.list({ limit: 100 }).filter((r) => r.text);
    expect(kept).toHaveLength(2);
    for (const r of kept) {
      const request = JSON.parse(r.text!.request) as { action: string; text: string };
      expect(request).toEqual({ action: 'polish', text: 'Re: enquiry about a licence\n[HKID_1]\n[HKID_2]\n[PHONE_1]\nPlease reply by Friday.' });
      // One map for request and response: the same placeholders name the same values in both.
      expect(r.text!.response).toContain('\n[HKID_1]\n[HKID_2]\n[PHONE_1]\n');
    }

    const bytes = storedBytes(gw.dbFile!);
    expect(bytes.includes(Buffer.from('[HKID_2]'))).toBe(true);
    for (const v of FRAGMENTS) expect({ value: v, stored: bytes.includes(Buffer.from(v)) }).toEqual({ value: v, stored: false });
  });
});
