import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GENESIS_HASH } from './chain';

/**
 * Signed checkpoints of the chain head, independent of the store.
 *
 * The chain and its head row live in the store, so someone who can write the store can rewrite every record,
 * re-hash them all and move the head (or delete the newest record and move the head back): the trail is then
 * self-consistent. A checkpoint is the head (seq and hash) at a moment, signed with an Ed25519 key the
 * operator holds; kept where the gateway's administrators cannot rewrite it (central log, WORM storage, a
 * signed e-mail), it pins the trail: record `seq` must still exist with that hash, or the trail was rewritten.
 *
 * The signature covers the canonical JSON of { format, hash, keyId, seq, time, version } (sorted keys).
 */
export const CHECKPOINT_FORMAT = 'wenshu-audit-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface Head {
  seq: number;
  hash: string;
}

export interface Checkpoint extends Head {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** When the head was read and signed (UTC ISO). */
  time: string;
  /** Which key signed it: `ed25519:` and 16 hex digits of the sha256 of the public key. */
  keyId: string;
  /** Base64 Ed25519 signature over `signedText(...)`. */
  signature: string;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export function generateCheckpointKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function readKeyFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CheckpointError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function loadPrivateKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readKeyFile(file, 'checkpoint private key'));
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    throw new CheckpointError(`${file} is not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointError(`${file} is a ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519 (wenshu audit keygen)`);
  return key;
}

/** A public key PEM, or the private key's file (its public half is derived). */
export function loadPublicKey(file: string): KeyObject {
  const pem = readKeyFile(file, 'checkpoint public key');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new CheckpointError(`${file} is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointError(`${file} is a ${key.asymmetricKeyType} key; checkpoints are signed with Ed25519`);
  return key;
}

export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return `ed25519:${createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16)}`;
}

function signedText(c: Omit<Checkpoint, 'signature'>): string {
  return JSON.stringify({ format: c.format, hash: c.hash, keyId: c.keyId, seq: c.seq, time: c.time, version: c.version });
}

export function signCheckpoint(head: Head, privateKey: KeyObject, now: Date = new Date()): Checkpoint {
  const body = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, seq: head.seq, hash: head.hash, time: now.toISOString(), keyId: keyIdOf(privateKey) } as const;
  return { ...body, signature: sign(null, Buffer.from(signedText(body), 'utf8'), privateKey).toString('base64') };
}

export function serialiseCheckpoint(c: Checkpoint): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

/** e.g. checkpoint-000000001234-20261203T130000Z.json: sorts by seq, then time. */
export function checkpointFileName(c: Checkpoint): string {
  return `checkpoint-${String(c.seq).padStart(12, '0')}-${c.time.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function parseCheckpoint(text: string, where: string): Checkpoint {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CheckpointError(`${where} is not a checkpoint (not JSON)`);
  }
  const c = data as Partial<Checkpoint>;
  if (!c || typeof c !== 'object' || c.format !== CHECKPOINT_FORMAT) throw new CheckpointError(`${where} is not a Wenshu audit checkpoint`);
  if (c.version !== CHECKPOINT_VERSION) throw new CheckpointError(`${where}: checkpoint version ${String(c.version)} is not known to this version of Wenshu`);
  if (!Number.isSafeInteger(c.seq) || (c.seq as number) < 0) throw new CheckpointError(`${where}: seq must be a non-negative integer`);
  if (typeof c.hash !== 'string' || !HEX64.test(c.hash)) throw new CheckpointError(`${where}: hash must be a 64-digit lowercase hex digest`);
  if (typeof c.time !== 'string' || Number.isNaN(Date.parse(c.time))) throw new CheckpointError(`${where}: time must be a date`);
  if (typeof c.keyId !== 'string' || typeof c.signature !== 'string') throw new CheckpointError(`${where}: keyId and signature are required`);
  return { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, seq: c.seq as number, hash: c.hash, time: c.time, keyId: c.keyId, signature: c.signature };
}

export function signatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  if (c.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, Buffer.from(signedText(c), 'utf8'), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A checkpoint file, or every checkpoint-*.json in a directory (sorted by seq). */
export function readCheckpoints(path: string): Array<{ file: string; checkpoint: Checkpoint }> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new CheckpointError(`no checkpoint file or directory at ${path}`);
  }
  const files = isDir
    ? readdirSync(path)
        .filter((f) => /^checkpoint-.*\.json$/.test(f))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (!files.length) throw new CheckpointError(`${path} holds no checkpoint-*.json files`);
  return files.map((file) => ({ file, checkpoint: parseCheckpoint(readFileSync(file, 'utf8'), file) }));
}

/** What the store must answer for checkpoints to be checked against it. */
export interface TrailView {
  /** The last record that verified in the chain (seq 0 and the genesis hash for an empty trail). */
  end: Head;
  hashAt(seq: number): string | undefined;
}

/**
 * Why the trail does not agree with a checkpoint whose signature is valid, or undefined when it does. `end`
 * is where the chain verified to: a checkpoint beyond it names records that are gone.
 */
export function checkpointProblem(c: Checkpoint, trail: TrailView): { brokenAt: number; reason: string } | undefined {
  const signed = `the checkpoint signed at ${c.time}`;
  if (c.seq === 0) return c.hash === GENESIS_HASH ? undefined : { brokenAt: 1, reason: `${signed} names record 0 with a hash other than the genesis hash` };
  if (c.seq > trail.end.seq) {
    const what = c.seq === trail.end.seq + 1 ? `record ${c.seq} is missing` : `records ${trail.end.seq + 1} to ${c.seq} are missing`;
    return { brokenAt: trail.end.seq + 1, reason: `${what}: ${signed} says the trail reached ${c.seq}, but it ends at ${trail.end.seq} (the newest records were deleted and the head moved back)` };
  }
  const hash = trail.hashAt(c.seq);
  if (hash !== c.hash) return { brokenAt: c.seq, reason: `record ${c.seq} does not match ${signed}: the chain up to ${c.seq} was rewritten (records edited and re-hashed, head included)` };
  return undefined;
}
