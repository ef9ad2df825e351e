/**
 * The audit trail of real calls: one hash-chained record per call that verifies; tampering with the SQLite
 * file through a second connection is detected at the right sequence; no record or log line carries a
 * bearer token, an API key or raw personal data.
 */
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { request } from 'undici';
import { verifyAuditDatabase } from '../../../src/gateway/audit/verify-command';
import { FakeUpstream } from '../support/fake-upstream';
import { everythingRecorded, startTestGateway, type TestGateway } from '../support/gateway';
import { API_KEY, authConfig, createIdp, type TestIdp } from '../support/jwt';

let upstream: FakeUpstream;
let idp: TestIdp;
let gw: TestGateway;
let token: string;

const HKID = 'A123456(3)';
const PHONE = '9123 4567';
const EMAIL = 'chan.taiman@example.com';
const TEXT = `Please reply to Mr CHAN, HKID ${HKID}, tel ${PHONE}, email ${EMAIL}.`;

beforeAll(async () => {
  upstream = await FakeUpstream.start();
  idp = await createIdp();
  gw = await startTestGateway({ upstream, auth: authConfig(idp), store: 'file' });
  token = await idp.token();
  const user = new OpenAI({ baseURL: gw.v1, apiKey: token, maxRetries: 0 });
  const service = new OpenAI({ baseURL: gw.v1, apiKey: API_KEY, maxRetries: 0 });
  // 1 offline, 2 local, 3 cloud (redacted), 4 streamed cloud, 5 API key, 6 refused (bad token), 7 a check, 8 a 400
  await user.chat.completions.create({ model: 'offline', messages: [{ role: 'user', content: TEXT }] });
  await user.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: TEXT }] });
  upstream.enqueue({ echo: true });
  await user.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: TEXT }] });
  upstream.enqueue({ echo: true, chunkSize: 5 });
  for await (const _ of await user.chat.completions.create({ model: 'cloud', messages: [{ role: 'user', content: TEXT }], stream: true })) void _;
  await service.chat.completions.create({ model: 'offline', messages: [{ role: 'user', content: TEXT }] });
  await new OpenAI({ baseURL: gw.v1, apiKey: `${token}x`, maxRetries: 0 }).models.list().catch(() => undefined);
  await (await request(`${gw.url}/v1/checks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXT }) })).body.dump();
  await (await request(`${gw.v1}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"model":' })).body.dump();
});
afterAll(async () => {
  await gw?.close();
  await upstream?.close();
});

/** The gateway writes a call's record when its response ends; wait for the count. */
async function records(n: number) {
  const end = Date.now() + 2_000;
  for (;;) {
    const list = gw.store.audit.list({ limit: 1_000 });
    if (list.length >= n || Date.now() > end) return list;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function tamper(sql: string, ...params: unknown[]) {
  const db = new Database(gw.dbFile!);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('audit trail', () => {
  it('has one record per call, chained, that verifies', async () => {
    const list = await records(8);
    expect(list).toHaveLength(8);
    expect(list.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(list.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 401, 200, 400]);
    expect(list[0]).toMatchObject({ userId: 'user-1', department: 'fehd', endpoint: expect.stringContaining('/v1/chat/completions'), model: 'offline', provider: 'offline', outcome: 'ok' });
    expect(list[1]).toMatchObject({ provider: 'local-llm', redactions: 0 });
    expect(list[2]).toMatchObject({ provider: 'external-cloud' });
    expect(list[2].redactions).toBeGreaterThanOrEqual(3);
    expect(list[3].redactions).toBeGreaterThanOrEqual(3);
    expect(list[4]).toMatchObject({ userId: 'batch-checker', department: 'td' });
    // A bad token is a refusal of someone never authenticated (rate-limited per source: audit/refusals.ts).
    expect(list[5]).toMatchObject({ outcome: 'refused', status: 401, userId: 'anonymous', ip: '127.0.0.1' });
    expect(list[5].callerKind).toBeUndefined(); // 'none', left out as absent fields are
    // Who, from where, how authenticated, which request: in every record.
    expect(list[0]).toMatchObject({ callerKind: 'user', tenant: expect.any(String), ip: '127.0.0.1', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(list[4]).toMatchObject({ callerKind: 'api-key', tenant: 'local' });
    expect(new Set(list.map((r) => r.requestId)).size).toBe(list.length);
    // Digests keyed with the deployment's secret, named by its key id (never the secret).
    for (const r of list) expect(r.hashKeyId).toMatch(/^hmac-sha256:[0-9a-f]{16}$/);
    expect(list[1].promptTokens + list[1].completionTokens).toBeGreaterThan(0);
    for (let i = 1; i < list.length; i++) expect(list[i].prevHash).toBe(list[i - 1].hash);
    for (const r of list) expect(r.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(gw.store.audit.verify()).toEqual({ ok: true, count: 8 });
    expect(verifyAuditDatabase(gw.dbFile!)).toMatchObject({ ok: true, count: 8 });
  });

  it('holds no bearer token, API key or raw personal data, and neither do the logs', async () => {
    await records(8);
    const all = everythingRecorded(gw);
    expect(gw.logs.length).toBeGreaterThan(0);
    for (const secret of [token, token.split('.')[2], API_KEY, HKID, 'A123456', PHONE, EMAIL, TEXT]) expect(all).not.toContain(secret);
    // the file itself (audit rows, quota rows, WAL) holds none of them either
    const db = new Database(gw.dbFile!, { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM audit').all()) + JSON.stringify(db.prepare('SELECT * FROM quota_day').all());
      for (const secret of [token, API_KEY, HKID, PHONE, EMAIL]) expect(dump).not.toContain(secret);
    } finally {
      db.close();
    }
  });

  // Each tampering is undone afterwards (the fields are restored) so the cases stay independent.
  it('detects an edited record at its sequence number', async () => {
    await records(8);
    const original = gw.store.audit.list({ after: 2, limit: 1 })[0];
    tamper('UPDATE audit SET user_id = ? WHERE seq = 3', 'mallory');
    const v = gw.store.audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verifyAuditDatabase(gw.dbFile!)).toMatchObject({ ok: false, brokenAt: 3 });
    tamper('UPDATE audit SET user_id = ? WHERE seq = 3', original.userId);
    expect(gw.store.audit.verify().ok).toBe(true);
  });

  it('detects a changed token count (an edit that keeps the text hashes)', async () => {
    const original = gw.store.audit.list({ after: 1, limit: 1 })[0];
    tamper('UPDATE audit SET completion_tokens = completion_tokens + 1000 WHERE seq = 2');
    expect(gw.store.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
    tamper('UPDATE audit SET completion_tokens = ? WHERE seq = 2', original.completionTokens);
    expect(gw.store.audit.verify().ok).toBe(true);
  });

  it('detects a deleted record at its sequence number, and the newest record deleted', async () => {
    const db = new Database(gw.dbFile!);
    try {
      const row5 = db.prepare('SELECT * FROM audit WHERE seq = 5').get() as Record<string, unknown>;
      db.prepare('DELETE FROM audit WHERE seq = 5').run();
      expect(gw.store.audit.verify()).toMatchObject({ ok: false, brokenAt: 5 });
      const cols = Object.keys(row5);
      db.prepare(`INSERT INTO audit (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(row5);
      expect(gw.store.audit.verify().ok).toBe(true);

      const last = db.prepare('SELECT * FROM audit ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>;
      db.prepare('DELETE FROM audit WHERE seq = ?').run(last.seq);
      expect(gw.store.audit.verify()).toMatchObject({ ok: false, brokenAt: last.seq });
      db.prepare(`INSERT INTO audit (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`).run(last);
      expect(gw.store.audit.verify().ok).toBe(true);
    } finally {
      db.close();
    }
  });

  it('keeps appending a valid chain after the checks, and the gateway records its own calls', async () => {
    const before = gw.store.audit.list({ limit: 1_000 }).length;
    await new OpenAI({ baseURL: gw.v1, apiKey: token, maxRetries: 0 }).chat.completions.create({ model: 'offline', messages: [{ role: 'user', content: 'x' }] });
    const after = await records(before + 1);
    expect(after).toHaveLength(before + 1);
    expect(gw.store.audit.verify()).toEqual({ ok: true, count: before + 1 });
  });
});
