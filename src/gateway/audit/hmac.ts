import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The request and response digests in audit records are HMAC-SHA256 keyed with a per-deployment secret. An
 * unkeyed sha256 of a short input ("approve", an HKID number, a yes/no answer) can be confirmed by anyone who
 * reads the trail and guesses; with the key, a digest can only be checked by whoever holds the key. The chain
 * hash (audit/chain.ts) stays unkeyed, so the trail is verified without the secret.
 *
 * Independent of the store: a PostgreSQL store keys its digests the same way (same secret, same key id).
 */

/** Environment variable that holds the secret unless the configuration names another. */
export const DEFAULT_SECRET_ENV = 'WENSHU_AUDIT_HMAC_SECRET';

/** Fewer characters than this are refused: the key must not be guessable either. */
export const MIN_SECRET_CHARS = 32;

export interface AuditHasher {
  /** Names the key in every record (`hashKeyId`), so a rotated key is visible; derived, it reveals nothing of it. */
  readonly keyId: string;
  digest(text: string): string;
}

export function createAuditHasher(secret: Buffer | string): AuditHasher {
  const key = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
  if (key.length < MIN_SECRET_CHARS) throw new Error(`the audit HMAC secret must be at least ${MIN_SECRET_CHARS} characters`);
  const keyId = `hmac-sha256:${createHmac('sha256', key).update('wenshu audit key id').digest('hex').slice(0, 16)}`;
  return {
    keyId,
    digest: (text) => createHmac('sha256', key).update(text, 'utf8').digest('hex'),
  };
}

export interface SecretSource {
  /** Where it came from, for the start-up log line (never the secret itself). */
  source: 'environment' | 'file' | 'generated' | 'ephemeral';
  where?: string;
  secret: Buffer;
}

/**
 * The secret: from the environment variable if set; else from `file`, which is created (64 random hex
 * characters, mode 0600) on first start if it does not exist; without a file (an in-memory store) a random
 * secret for this process only.
 */
export function loadAuditSecret(options: { env?: NodeJS.ProcessEnv; envName?: string; file?: string }): SecretSource {
  const env = options.env ?? process.env;
  const envName = options.envName ?? DEFAULT_SECRET_ENV;
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.trim().length < MIN_SECRET_CHARS) throw new Error(`${envName} must hold at least ${MIN_SECRET_CHARS} characters (e.g. openssl rand -hex 32)`);
    return { source: 'environment', where: envName, secret: Buffer.from(fromEnv.trim(), 'utf8') };
  }
  if (!options.file) return { source: 'ephemeral', secret: Buffer.from(randomBytes(32).toString('hex'), 'utf8') };
  const file = options.file;
  const read = (): Buffer => {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length < MIN_SECRET_CHARS) throw new Error(`the audit HMAC secret in ${file} must hold at least ${MIN_SECRET_CHARS} characters`);
    return Buffer.from(text, 'utf8');
  };
  try {
    return { source: 'file', where: file, secret: read() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': two processes starting together on one store never overwrite each other's secret.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return { source: 'generated', where: file, secret: read() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { source: 'file', where: file, secret: read() };
    throw err;
  }
}
