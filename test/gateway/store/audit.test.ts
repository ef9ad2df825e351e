import { copyFileSync } from 'node:fs';
import { canonical, chainHash, GENESIS_HASH, sha256Hex, textDigest, V1_DEFAULTS, type ChainedFields } from '../../../src/gateway/audit/chain';
import { openSqliteStore, type SqliteStore } from '../../../src/gateway/store/sqlite';
import { verifyAuditDatabase } from '../../../src/gateway/audit/verify-command';
import { auditInput, raw, rechain, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** One 1,000-record trail, built once; each tampering test works on its own copy. */
let template: string;
let templateHead: { seq: number; hash: string };
let copies = 0;
beforeAll(() => {
  template = tmp.file('template.db');
  const store = openSqliteStore(template);
  for (let i = 1; i <= 1000; i++) store.audit.append(auditInput(i));
  templateHead = store.audit.head();
  store.close();
});

function copy(): string {
  const file = tmp.file(`copy-${++copies}.db`);
  copyFileSync(template, file);
  return file;
}

describe('chain', () => {
  // A version-1 record (as written before IP, tenant, caller kind and request id were recorded).
  const fields: ChainedFields = {
    ...V1_DEFAULTS,
    v: 1,
    seq: 1,
    time: '2025-03-01T02:00:00.000Z',
    userId: 'u',
    department: 'fehd',
    endpoint: '/v1/drafts',
    template: null,
    model: 'offline',
    provider: 'offline',
    classification: 'UNCLASSIFIED -> offline',
    redactions: 0,
    promptTokens: 1,
    completionTokens: 2,
    outcome: 'ok',
    status: 200,
    latencyMs: 3,
    requestHash: sha256Hex('a'),
    responseHash: sha256Hex('b'),
    textHash: null,
    textExpiresAt: null,
  };

  it('serialises with sorted keys, nulls for absent fields, whatever order the object was built in', () => {
    const text = canonical(fields);
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(JSON.parse(text).template).toBeNull();
    const reversed = Object.fromEntries(Object.entries(fields).reverse()) as unknown as ChainedFields;
    expect(canonical(reversed)).toBe(text);
  });

  it('hashes sha256(prevHash + canonical) from a genesis of 64 zeros, covering the seq', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, fields)).toBe(sha256Hex(GENESIS_HASH + canonical(fields)));
    expect(chainHash(GENESIS_HASH, { ...fields, seq: 2 })).not.toBe(chainHash(GENESIS_HASH, fields));
  });

  it('never puts kept text in the hash input, only its digest', () => {
    const withText = { ...fields, textHash: textDigest({ request: '機密 secret', response: 'reply' }), textExpiresAt: '2025-04-01T00:00:00.000Z' };
    expect(canonical(withText)).not.toContain('secret');
    expect(canonical(withText)).toContain(withText.textHash);
  });
});

describe('sqlite audit trail', () => {
  let store: SqliteStore;
  afterEach(() => store?.close());

  it('appends 1,000 chained records and verifies them', () => {
    store = openSqliteStore(copy());
    expect(store.audit.verify()).toEqual({ ok: true, count: 1000 });
    const first = store.audit.list({ limit: 2 });
    expect(first.map((r) => r.seq)).toEqual([1, 2]);
    expect(first[0].prevHash).toBe(GENESIS_HASH);
    expect(first[1].prevHash).toBe(first[0].hash);
    expect(store.audit.head()).toEqual({ seq: 1000, hash: store.audit.list({ after: 999 })[0].hash });
  });

  it('returns what it stored, and lists by after/limit', () => {
    store = openSqliteStore(tmp.file('list.db'));
    const appended = store.audit.append(auditInput(3));
    expect(appended).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, outcome: 'ok', template: undefined });
    for (let i = 4; i <= 12; i++) store.audit.append(auditInput(i));
    const [listed] = store.audit.list({ limit: 1 });
    expect(listed).toEqual({ ...auditInput(3), template: undefined, seq: 1, prevHash: GENESIS_HASH, hash: appended.hash });
    expect('template' in listed).toBe(false);
    expect(store.audit.list({ after: 5, limit: 3 }).map((r) => r.seq)).toEqual([6, 7, 8]);
    expect(store.audit.list({ after: 8 }).map((r) => r.seq)).toEqual([9, 10]);
    expect(store.audit.list({ after: 10 })).toEqual([]);
  });

  it('refuses records whose hash fields are not sha256 digests (no raw text) or whose numbers are invalid', () => {
    store = openSqliteStore(tmp.file('invalid.db'));
    expect(() => store.audit.append(auditInput(1, { requestHash: 'Dear Mr Chan, your HKID A123456(3)' }))).toThrow(/requestHash must be a lowercase sha256/);
    expect(() => store.audit.append(auditInput(1, { promptTokens: Number.NaN }))).toThrow(/promptTokens/);
    expect(() => store.audit.append(auditInput(1, { outcome: 'maybe' as 'ok' }))).toThrow(/outcome/);
    expect(() => store.audit.append(auditInput(1, { text: { request: 'a', response: 'b', expiresAt: 'soon' } }))).toThrow(/expiresAt/);
    expect(store.audit.list()).toEqual([]);
    expect(store.audit.verify()).toEqual({ ok: true, count: 0 });
  });

  it('continues the chain in a reopened database', () => {
    const file = copy();
    store = openSqliteStore(file);
    const next = store.audit.append(auditInput(1001));
    expect(next.seq).toBe(1001);
    expect(next.prevHash).toBe(templateHead.hash);
    store.close();
    store = openSqliteStore(file);
    expect(store.audit.append(auditInput(1002)).seq).toBe(1002);
    expect(store.audit.verify()).toEqual({ ok: true, count: 1002 });
  });

  it('purges expired kept text and the chain still verifies', () => {
    store = openSqliteStore(tmp.file('purge.db'));
    const kept = (i: number, expiresAt: string) => auditInput(i, { text: { request: `[PERSON] asked ${i}`, response: `reply ${i}`, expiresAt } });
    store.audit.append(kept(1, '2025-03-08T00:00:00Z'));
    store.audit.append(auditInput(2));
    store.audit.append(kept(3, '2025-03-31T00:00:00+08:00'));
    store.audit.append(kept(4, '2025-03-09T00:00:00.000Z'));
    const before = store.audit.list();
    expect(before[0].text).toEqual({ request: '[PERSON] asked 1', response: 'reply 1', expiresAt: '2025-03-08T00:00:00.000Z' });
    expect(before[2].text?.expiresAt).toBe('2025-03-30T16:00:00.000Z');

    expect(store.audit.purgeExpiredText(new Date('2025-03-08T00:00:00Z'))).toBe(1);
    expect(store.audit.purgeExpiredText(new Date('2025-03-08T12:00:00Z'))).toBe(0);
    expect(store.audit.purgeExpiredText(new Date('2025-03-10T00:00:00Z'))).toBe(1);
    const after = store.audit.list();
    expect(after.map((r) => r.text === undefined)).toEqual([true, true, false, true]);
    expect(after[0].textHash).toBe(textDigest({ request: '[PERSON] asked 1', response: 'reply 1' }));
    expect(after[1].textHash).toBeUndefined();
    expect(after.map((r) => r.hash)).toEqual(before.map((r) => r.hash));
    expect(store.audit.verify()).toEqual({ ok: true, count: 4 });
  });

  it('detects kept text that was altered instead of purged', () => {
    const file = tmp.file('text-edit.db');
    store = openSqliteStore(file);
    for (let i = 1; i <= 5; i++) store.audit.append(auditInput(i, { text: { request: `q${i}`, response: `a${i}`, expiresAt: '2030-01-01T00:00:00Z' } }));
    raw(file, (db) => db.prepare("UPDATE audit SET text_response = 'something else' WHERE seq = 4").run());
    expect(store.audit.verify()).toMatchObject({ ok: false, count: 3, brokenAt: 4, reason: expect.stringMatching(/kept text of record 4 was altered/) });
  });
});

describe('tampering is detected at the first broken sequence', () => {
  const check = (file: string) => {
    const store = openSqliteStore(file);
    try {
      const result = store.audit.verify();
      // The read-only command sees the same.
      const fromCommand = verifyAuditDatabase(file);
      expect(fromCommand).toMatchObject(result);
      return result;
    } finally {
      store.close();
    }
  };

  it('an edited field (outcome of record 321)', () => {
    const file = copy();
    raw(file, (db) => db.prepare("UPDATE audit SET outcome = 'error' WHERE seq = 321").run());
    expect(check(file)).toEqual({ ok: false, count: 320, brokenAt: 321, reason: 'record 321 was edited: its contents no longer match its hash' });
  });

  it('an edited number (tokens of record 1)', () => {
    const file = copy();
    raw(file, (db) => db.prepare('UPDATE audit SET completion_tokens = 1 WHERE seq = 1').run());
    expect(check(file)).toMatchObject({ ok: false, count: 0, brokenAt: 1 });
  });

  it('a deleted record (500)', () => {
    const file = copy();
    raw(file, (db) => db.prepare('DELETE FROM audit WHERE seq = 500').run());
    expect(check(file)).toEqual({ ok: false, count: 499, brokenAt: 500, reason: 'record 500 is missing: the sequence jumps from 499 to 501 (records were deleted)' });
  });

  it('the first record deleted', () => {
    const file = copy();
    raw(file, (db) => db.prepare('DELETE FROM audit WHERE seq = 1').run());
    expect(check(file)).toMatchObject({ ok: false, brokenAt: 1, reason: expect.stringMatching(/record 1 is missing/) });
  });

  it('a deleted record with the rest renumbered to close the gap', () => {
    const file = copy();
    raw(file, (db) => {
      db.prepare('DELETE FROM audit WHERE seq = 500').run();
      db.prepare('UPDATE audit SET seq = -seq WHERE seq > 500').run();
      db.prepare('UPDATE audit SET seq = -seq - 1 WHERE seq < 0').run();
      db.prepare('UPDATE audit_head SET seq = 999').run();
    });
    expect(check(file)).toMatchObject({ ok: false, count: 499, brokenAt: 500, reason: expect.stringMatching(/record 500 does not follow record 499/) });
  });

  it('two records swapped (seq 10 and 20)', () => {
    const file = copy();
    raw(file, (db) => {
      db.prepare('UPDATE audit SET seq = -1 WHERE seq = 10').run();
      db.prepare('UPDATE audit SET seq = 10 WHERE seq = 20').run();
      db.prepare('UPDATE audit SET seq = 20 WHERE seq = -1').run();
    });
    expect(check(file)).toEqual({
      ok: false,
      count: 9,
      brokenAt: 10,
      reason: 'record 10 is out of order: it was chained after record 19 (it is record 20 under another number) (records were reordered or renumbered)',
    });
  });

  it('the newest 3 records deleted (caught by the head)', () => {
    const file = copy();
    raw(file, (db) => db.prepare('DELETE FROM audit WHERE seq > 997').run());
    expect(check(file)).toEqual({
      ok: false,
      count: 997,
      brokenAt: 998,
      reason: 'records 998 to 1000 are missing: the audit head says the trail ends at 1000, but it ends at 997 (the newest records were deleted)',
    });
  });

  it('the newest records deleted and then a new one appended by the gateway', () => {
    const file = copy();
    raw(file, (db) => db.prepare('DELETE FROM audit WHERE seq = 1000').run());
    const store = openSqliteStore(file);
    expect(store.audit.append(auditInput(1)).seq).toBe(1001);
    store.close();
    expect(check(file)).toMatchObject({ ok: false, brokenAt: 1000, reason: expect.stringMatching(/record 1000 is missing/) });
  });

  it('an edited hash (record 42)', () => {
    const file = copy();
    raw(file, (db) => db.prepare('UPDATE audit SET hash = ? WHERE seq = 42').run('f'.repeat(64)));
    expect(check(file)).toEqual({ ok: false, count: 41, brokenAt: 42, reason: 'the stored hash of record 42 was edited: its contents still match the link from the next record' });
  });

  it('an edited hash of the newest record', () => {
    const file = copy();
    raw(file, (db) => db.prepare('UPDATE audit SET hash = ? WHERE seq = 1000').run('f'.repeat(64)));
    expect(check(file)).toMatchObject({ ok: false, brokenAt: 1000, reason: expect.stringMatching(/stored hash of record 1000 was edited/) });
  });

  it('an edited hash with the following records re-chained, head untouched', () => {
    const file = copy();
    raw(file, (db) => {
      db.prepare('UPDATE audit SET hash = ? WHERE seq = 700').run('e'.repeat(64));
      rechain(db, 701);
    });
    // The forged hash and the re-chained link agree, so this reads like an edited record: either way, 700.
    expect(check(file)).toEqual({ ok: false, count: 699, brokenAt: 700, reason: 'record 700 was edited: its contents no longer match its hash' });
  });

  it('an edited field re-hashed alone breaks the link to the next record', () => {
    const file = copy();
    raw(file, (db) => {
      db.prepare("UPDATE audit SET outcome = 'refused' WHERE seq = 250").run();
      rechain(db, 250);
      // …but only record 250: put 251 onwards back as they were.
      db.exec(`ATTACH '${template}' AS orig`);
      db.exec('UPDATE audit SET prev_hash = (SELECT prev_hash FROM orig.audit o WHERE o.seq = audit.seq), hash = (SELECT hash FROM orig.audit o WHERE o.seq = audit.seq) WHERE seq > 250');
    });
    expect(check(file)).toMatchObject({ ok: false, count: 250, brokenAt: 251, reason: expect.stringMatching(/record 251 does not follow record 250/) });
  });

  it('a whole tail edited and re-chained, head untouched (caught by the head)', () => {
    const file = copy();
    raw(file, (db) => {
      db.prepare("UPDATE audit SET user_id = 'someone-else' WHERE seq = 600").run();
      rechain(db, 600);
    });
    expect(check(file)).toEqual({
      ok: false,
      count: 1000,
      brokenAt: 1000,
      reason: 'the hash of record 1000 does not match the audit head: the chain was rewritten (records edited and re-hashed)',
    });
  });

  it('a whole rewrite including the head passes alone, and is caught against an exported head', () => {
    const file = copy();
    raw(file, (db) => {
      db.prepare("UPDATE audit SET user_id = 'someone-else' WHERE seq = 600").run();
      rechain(db, 600);
      const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit WHERE seq = 1000').get()!;
      db.prepare('UPDATE audit_head SET hash = ?').run(last.hash);
    });
    // The documented limit: with write access to everything, the file is self-consistent…
    expect(verifyAuditDatabase(file).ok).toBe(true);
    // …which is why the head is exported: an older export exposes the rewrite.
    expect(verifyAuditDatabase(file, { expect: templateHead })).toMatchObject({
      ok: false,
      brokenAt: 1000,
      reason: 'record 1000 does not match the exported head hash: the chain up to 1000 was rewritten',
    });
    // An export from before the edited record still matches: the rewrite began after it.
    let hash500 = '';
    raw(template, (db) => (hash500 = db.prepare<[], { hash: string }>('SELECT hash FROM audit WHERE seq = 500').get()!.hash));
    expect(verifyAuditDatabase(file, { expect: { seq: 500, hash: hash500 } }).ok).toBe(true);
    expect(verifyAuditDatabase(file, { expect: { seq: 1200, hash: hash500 } })).toMatchObject({ ok: false, brokenAt: 1001 });
  });

  it('a forged record added at the end without the head', () => {
    const file = copy();
    const store = openSqliteStore(tmp.file('forge-source.db'));
    const forged = store.audit.append(auditInput(5));
    store.close();
    raw(file, (db) => {
      // Inserted without chain_version: the column's default, version 1, is what the forger hashes.
      const hash = chainHash(templateHead.hash, {
        ...V1_DEFAULTS,
        v: 1,
        ...{ seq: 1001, time: forged.time, userId: forged.userId, department: forged.department, endpoint: forged.endpoint },
        template: null,
        model: 'offline',
        provider: 'offline',
        classification: forged.classification,
        redactions: forged.redactions,
        promptTokens: forged.promptTokens,
        completionTokens: forged.completionTokens,
        outcome: 'ok',
        status: 200,
        latencyMs: forged.latencyMs,
        requestHash: forged.requestHash,
        responseHash: forged.responseHash,
        textHash: null,
        textExpiresAt: null,
      });
      db.prepare(
        `INSERT INTO audit (seq, time, user_id, department, endpoint, model, provider, classification, redactions, prompt_tokens, completion_tokens, outcome, status, latency_ms, request_hash, response_hash, prev_hash, hash)
         VALUES (1001, ?, ?, ?, ?, 'offline', 'offline', ?, ?, ?, ?, 'ok', 200, ?, ?, ?, ?, ?)`,
      ).run(forged.time, forged.userId, forged.department, forged.endpoint, forged.classification, forged.redactions, forged.promptTokens, forged.completionTokens, forged.latencyMs, forged.requestHash, forged.responseHash, templateHead.hash, hash);
    });
    expect(check(file)).toMatchObject({ ok: false, count: 1001, brokenAt: 1001, reason: expect.stringMatching(/record 1001 is not covered by the audit head/) });
  });

  it('the head row deleted', () => {
    const file = copy();
    raw(file, (db) => db.prepare('DELETE FROM audit_head').run());
    expect(check(file)).toMatchObject({ ok: false, brokenAt: 1000, reason: 'the audit head row is missing (it was deleted)' });
    const store = openSqliteStore(file);
    expect(() => store.audit.append(auditInput(1))).toThrow(/audit head row is missing/);
    store.close();
  });
});
