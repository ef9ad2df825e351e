import { createHash } from 'node:crypto';
import type { AuditInput } from '../types';

/**
 * The hash chain of the audit trail, independent of any store (the SQLite store uses it today; a
 * PostgreSQL store must use the very same functions so that a trail can move between them).
 *
 *   hash(n) = sha256_hex(hash(n-1) + canonical(record n, including its seq)),   hash(0) = 64 zeros
 *
 * The chain hash itself is unkeyed (anyone holding the trail can verify it); what is keyed is the request and
 * response digests inside a record (audit/hmac.ts), so a short input cannot be confirmed by guessing. A
 * rewrite of the whole chain by someone with write access to the store is caught by signed checkpoints of the
 * head (audit/checkpoint.ts), kept outside the store.
 *
 * Record versions: version 1 records (written before IP, tenant, caller kind and request id were recorded)
 * keep their version-1 canonical form, so old trails still verify; every new record is version 2. A store
 * keeps each record's version (`chain_version`) beside it.
 *
 * The kept text (only when a department's policy keeps it, until it expires) is NOT part of the hash input:
 * only its digest is, so the text can be purged at expiry without breaking the chain, and the digest still
 * proves what the text was while it existed.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The canonical form new records are written in; bumped only if it ever changes (it is part of the hashed text). */
export const CHAIN_VERSION = 2;
export const CHAIN_VERSIONS = [1, 2] as const;
export type ChainVersion = (typeof CHAIN_VERSIONS)[number];

/** How the caller was authenticated; `none`: refused before anyone was authenticated. */
export const CALLER_KINDS = ['user', 'api-key', 'dev', 'none'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

export const OUTCOMES: readonly AuditInput['outcome'][] = ['ok', 'error', 'refused', 'cancelled'];

/** Exactly what one link of the chain covers. Optional fields are null, never absent. */
export interface ChainedFields {
  /** The canonical form this record is hashed in (1: the fields up to textExpiresAt only). */
  v: ChainVersion;
  seq: number;
  time: string;
  userId: string;
  department: string;
  endpoint: string;
  template: string | null;
  model: string | null;
  provider: string | null;
  classification: string;
  redactions: number;
  promptTokens: number;
  completionTokens: number;
  outcome: string;
  status: number;
  latencyMs: number;
  requestHash: string;
  responseHash: string;
  textHash: string | null;
  textExpiresAt: string | null;
  // version 2 on
  /** Unique per call (the response's x-request-id). */
  requestId: string | null;
  /** The caller's socket address (proxy headers are never trusted for it). */
  ip: string | null;
  /** The caller's tenant (`tid` of the token; `local` for API keys and development mode). */
  tenant: string | null;
  callerKind: CallerKind;
  /** Refusals from the same source left unrecorded by the rate limit (audit/refusals.ts) before this record. */
  suppressed: number;
  /** Which HMAC key requestHash/responseHash are keyed with (audit/hmac.ts); null: plain sha256 (version 1). */
  hashKeyId: string | null;
}

/** The version-2 fields a version-1 record has, as it is read back. */
export const V1_DEFAULTS = { requestId: null, ip: null, tenant: null, callerKind: 'none', suppressed: 0, hashKeyId: null } as const;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The digest of kept text that the chain covers in its place. */
export function textDigest(text: { request: string; response: string }): string {
  return sha256Hex(JSON.stringify([text.request, text.response]));
}

/**
 * Canonical serialisation: a JSON object whose keys are written in sorted (code-point) order, explicitly,
 * so that it never depends on how the record object was built or which fields it happened to carry.
 */
export function canonical(f: ChainedFields): string {
  const v1 = {
    classification: f.classification,
    completionTokens: f.completionTokens,
    department: f.department,
    endpoint: f.endpoint,
    latencyMs: f.latencyMs,
    model: f.model,
    outcome: f.outcome,
    promptTokens: f.promptTokens,
    provider: f.provider,
    redactions: f.redactions,
    requestHash: f.requestHash,
    responseHash: f.responseHash,
    seq: f.seq,
    status: f.status,
    template: f.template,
    textExpiresAt: f.textExpiresAt,
    textHash: f.textHash,
    time: f.time,
    userId: f.userId,
    v: 1,
  };
  if (f.v === 1) return JSON.stringify(v1);
  if (f.v !== 2) throw new TypeError(`audit record ${f.seq}: unknown chain version ${String(f.v)}`);
  const v2 = {
    callerKind: f.callerKind,
    classification: f.classification,
    completionTokens: f.completionTokens,
    department: f.department,
    endpoint: f.endpoint,
    hashKeyId: f.hashKeyId,
    ip: f.ip,
    latencyMs: f.latencyMs,
    model: f.model,
    outcome: f.outcome,
    promptTokens: f.promptTokens,
    provider: f.provider,
    redactions: f.redactions,
    requestHash: f.requestHash,
    requestId: f.requestId,
    responseHash: f.responseHash,
    seq: f.seq,
    status: f.status,
    suppressed: f.suppressed,
    template: f.template,
    tenant: f.tenant,
    textExpiresAt: f.textExpiresAt,
    textHash: f.textHash,
    time: f.time,
    userId: f.userId,
    v: 2,
  };
  return JSON.stringify(v2);
}

export function chainHash(prevHash: string, fields: ChainedFields): string {
  return sha256Hex(prevHash + canonical(fields));
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks a record before it is chained, and brings it to the form that is hashed and stored. Hash fields must
 * be sha256 hex digests: this is also what keeps raw text out of them.
 */
export function normaliseInput(input: AuditInput): { fields: Omit<ChainedFields, 'seq'>; text: { request: string; response: string } | null } {
  const str = (name: keyof AuditInput, optional = false): string | null => {
    const v = input[name];
    if (v === undefined || v === null) {
      if (optional) return null;
      throw new TypeError(`audit record: ${name} is required`);
    }
    if (typeof v !== 'string') throw new TypeError(`audit record: ${name} must be a string`);
    return v;
  };
  const int = (name: keyof AuditInput): number => {
    const v = input[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new TypeError(`audit record: ${name} must be a non-negative integer`);
    return v;
  };
  const hash = (name: 'requestHash' | 'responseHash'): string => {
    const v = input[name];
    if (typeof v !== 'string' || !HEX64.test(v)) throw new TypeError(`audit record: ${name} must be a lowercase sha256 hex digest`);
    return v;
  };
  const callerKind = input.callerKind ?? 'none';
  if (!CALLER_KINDS.includes(callerKind)) throw new TypeError(`audit record: callerKind must be one of ${CALLER_KINDS.join(', ')}`);
  const suppressed = input.suppressed ?? 0;
  if (!Number.isSafeInteger(suppressed) || suppressed < 0) throw new TypeError('audit record: suppressed must be a non-negative integer');
  if (!OUTCOMES.includes(input.outcome)) throw new TypeError(`audit record: outcome must be one of ${OUTCOMES.join(', ')}`);
  if (typeof input.latencyMs !== 'number' || !Number.isFinite(input.latencyMs) || input.latencyMs < 0) throw new TypeError('audit record: latencyMs must be a finite non-negative number');

  let text: { request: string; response: string } | null = null;
  let textHash: string | null = null;
  let textExpiresAt: string | null = null;
  if (input.text !== undefined && input.text !== null) {
    const { request, response, expiresAt } = input.text;
    if (typeof request !== 'string' || typeof response !== 'string') throw new TypeError('audit record: text.request and text.response must be strings');
    const expiry = new Date(expiresAt);
    if (typeof expiresAt !== 'string' || Number.isNaN(expiry.getTime())) throw new TypeError('audit record: text.expiresAt must be a date');
    text = { request, response };
    textHash = textDigest(text);
    // Stored and hashed as a UTC ISO string, so that purging can compare it as text.
    textExpiresAt = expiry.toISOString();
  }

  return {
    fields: {
      v: CHAIN_VERSION,
      time: str('time') as string,
      userId: str('userId') as string,
      department: str('department') as string,
      endpoint: str('endpoint') as string,
      template: str('template', true),
      model: str('model', true),
      provider: str('provider', true),
      classification: str('classification') as string,
      redactions: int('redactions'),
      promptTokens: int('promptTokens'),
      completionTokens: int('completionTokens'),
      outcome: input.outcome,
      status: int('status'),
      latencyMs: input.latencyMs,
      requestHash: hash('requestHash'),
      responseHash: hash('responseHash'),
      textHash,
      textExpiresAt,
      requestId: str('requestId', true),
      ip: str('ip', true),
      tenant: str('tenant', true),
      callerKind,
      suppressed,
      hashKeyId: str('hashKeyId', true),
    },
    text,
  };
}
