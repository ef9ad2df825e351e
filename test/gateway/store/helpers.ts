import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainHash, sha256Hex } from '../../../src/gateway/audit/chain';
import { fieldsOf, type AuditRow } from '../../../src/gateway/audit/sqlite-audit';
import type { AuditInput } from '../../../src/gateway/types';

export function tempDir(): { dir: string; file(name?: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'wenshu-store-'));
  return { dir, file: (name = 'wenshu.db') => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function auditInput(i: number, extra: Partial<AuditInput> = {}): AuditInput {
  return {
    time: new Date(Date.UTC(2025, 2, 1, 2, 0, 0) + i * 1000).toISOString(),
    userId: `user-${i % 7}`,
    department: i % 2 ? 'fehd' : 'hyd',
    endpoint: '/v1/chat/completions',
    template: i % 3 ? 'reply-public' : undefined,
    model: 'offline',
    provider: 'offline',
    classification: 'RESTRICTED -> local-llm',
    redactions: i % 4,
    promptTokens: 100 + i,
    completionTokens: 200 + i,
    outcome: 'ok',
    status: 200,
    latencyMs: 12 + (i % 10),
    requestHash: sha256Hex(`request ${i}`),
    responseHash: sha256Hex(`response ${i}`),
    ...extra,
  };
}

/** A second, raw connection: what someone with write access to the file could do. */
export function raw(file: string, fn: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

/** Re-chains records from `fromSeq` on, as a careful forger would (the head row is left alone). */
export function rechain(db: Database.Database, fromSeq: number): void {
  const rows = db.prepare<[number], AuditRow>('SELECT * FROM audit WHERE seq >= ? ORDER BY seq').all(fromSeq);
  let prev = db.prepare<[number], { hash: string }>('SELECT hash FROM audit WHERE seq = ?').get(fromSeq - 1)?.hash ?? '0'.repeat(64);
  const update = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const f = fieldsOf(r);
    const hash = chainHash(prev, f);
    update.run(prev, hash, r.seq);
    prev = hash;
  }
}
