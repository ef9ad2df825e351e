/**
 * A trail written before record version 2 (no IP, tenant, caller kind, request id or key id) still verifies
 * after migration 3, and new version-2 records chain onto it. Real SQLite file.
 */
import Database from 'better-sqlite3';
import { chainHash, GENESIS_HASH, sha256Hex, V1_DEFAULTS } from '../../../src/gateway/audit/chain';
import { migrate, MIGRATIONS } from '../../../src/gateway/store/migrations';
import { openSqliteStore } from '../../../src/gateway/store/sqlite';
import { auditInput, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('a version-1 trail migrated to record version 2 verifies, and version-2 records chain onto it', () => {
  const file = tmp.file('old.db');
  const db = new Database(file);
  migrate(db, MIGRATIONS.slice(0, 2));
  let prev = GENESIS_HASH;
  const insert = db.prepare(`INSERT INTO audit (seq, time, user_id, department, endpoint, classification, redactions, prompt_tokens, completion_tokens,
    outcome, status, latency_ms, request_hash, response_hash, prev_hash, hash) VALUES (?, ?, 'u', 'fehd', '/v1/drafts', 'none', 0, 1, 2, 'ok', 200, 3, ?, ?, ?, ?)`);
  for (let seq = 1; seq <= 3; seq++) {
    const time = `2025-01-0${seq}T00:00:00.000Z`;
    const fields = {
      ...V1_DEFAULTS,
      v: 1 as const,
      seq,
      time,
      userId: 'u',
      department: 'fehd',
      endpoint: '/v1/drafts',
      template: null,
      model: null,
      provider: null,
      classification: 'none',
      redactions: 0,
      promptTokens: 1,
      completionTokens: 2,
      outcome: 'ok',
      status: 200,
      latencyMs: 3,
      requestHash: sha256Hex(`q${seq}`),
      responseHash: sha256Hex(`a${seq}`),
      textHash: null,
      textExpiresAt: null,
    };
    const hash = chainHash(prev, fields);
    insert.run(seq, time, fields.requestHash, fields.responseHash, prev, hash);
    prev = hash;
  }
  db.prepare('UPDATE audit_head SET seq = 3, hash = ? WHERE id = 1').run(prev);
  db.close();

  const store = openSqliteStore(file);
  try {
    expect(store.audit.verify()).toEqual({ ok: true, count: 3 });
    store.audit.append(auditInput(4, { requestId: 'r-4', ip: '10.0.0.4', tenant: 'local', callerKind: 'api-key', hashKeyId: 'hmac-sha256:0123456789abcdef' }));
    expect(store.audit.verify()).toEqual({ ok: true, count: 4 });
    const [old, , , added] = store.audit.list({ limit: 10 });
    expect(old.requestId).toBeUndefined();
    expect(added).toMatchObject({ requestId: 'r-4', ip: '10.0.0.4', tenant: 'local', callerKind: 'api-key', prevHash: prev });
  } finally {
    store.close();
  }
  // The new fields are covered by the chain: editing one breaks it at its record.
  const raw = new Database(file);
  raw.prepare("UPDATE audit SET ip = '10.9.9.9' WHERE seq = 4").run();
  raw.close();
  const again = openSqliteStore(file);
  try {
    expect(again.audit.verify()).toMatchObject({ ok: false, brokenAt: 4 });
  } finally {
    again.close();
  }
});
