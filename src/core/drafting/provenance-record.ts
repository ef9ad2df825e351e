/**
 * A draft's provenance as it travels with the inserted content: in Word, a custom XML part keyed by the draft's
 * content control (tag `wenshu-ai-draft:<id>`); in Outlook, an internet header; in a .docx the CLI writes, the
 * same custom XML part. Read back by `wenshu check`. Pure: no Office, DOM or Node imports.
 *
 * What it holds is what the audit record already keeps (template, rule-set and model ids, the officer's user id,
 * times) and the rule ids of the findings left at hand-over, never their text.
 */

export const PROVENANCE_NAMESPACE = 'urn:wenshu:provenance:1';
export const DRAFT_TAG = 'wenshu-ai-draft';
/** The Outlook internet header (sent with the message, so it carries no finding and no free text). */
export const PROVENANCE_HEADER = 'x-wenshu-provenance';

export interface DraftProvenance {
  /** `version` is the content hash of the pack files; `label` the template's own `version:` when it has one. */
  template: { id: string; version: string; label?: string };
  ruleSets: Array<{ id: string; version: string }>;
  frame: { composer: 'template' };
  sections: Array<{ id: string; composer: 'model' | 'offline'; model?: string; provider: string; repaired: boolean }>;
  repairRounds: number;
  /** One entry a finding: its rule and level, never the text it found (which may be personal data). */
  findingsAtHandOver: Array<{ ruleId: string; level: string }>;
  officer: string;
  createdAt: string;
}

/** The record as stored with the content: which draft (the control it keys), who inserted it, when, where. */
export interface InsertedProvenance extends DraftProvenance {
  draftId: string;
  insertedBy: string;
  insertedAt: string;
  host: string;
}

const ID = /^[A-Za-z0-9-]{6,64}$/;

/** The content control tag of a draft with provenance (a draft without keeps the bare tag). */
export function draftControlTag(draftId: string): string {
  if (!ID.test(draftId)) throw new Error(`not a draft id: ${draftId}`);
  return `${DRAFT_TAG}:${draftId}`;
}

/** The draft id of a content control tag, or null when the tag is not a Wenshu draft's (or has no id). */
export function draftIdOfTag(tag: string): string | null {
  const m = /^wenshu-ai-draft:([A-Za-z0-9-]{6,64})$/.exec(tag);
  return m ? m[1] : null;
}

/** A new draft id: random where the platform offers it (browsers, Node), else time and a counter. */
let counter = 0;
export function newDraftId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  counter += 1;
  return `d${Date.now().toString(36)}-${counter.toString(36)}`;
}

export function insertedProvenance(record: DraftProvenance, insert: { draftId: string; insertedBy?: string; host: string; now?: Date }): InsertedProvenance {
  return { ...record, draftId: insert.draftId, insertedBy: insert.insertedBy ?? record.officer, insertedAt: (insert.now ?? new Date()).toISOString(), host: insert.host };
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The custom XML part: one element in our namespace, the record as JSON text, the draft id as an attribute. */
export function provenanceXml(record: InsertedProvenance): string {
  if (!ID.test(record.draftId)) throw new Error(`not a draft id: ${record.draftId}`);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<wenshu:provenance xmlns:wenshu="${PROVENANCE_NAMESPACE}" draft="${record.draftId}">${escapeXml(JSON.stringify(record))}</wenshu:provenance>`
  );
}

/**
 * The record in a custom XML part, or null when the part is not ours or not a well-formed record (a part someone
 * edited by hand is reported as unreadable by the caller, never trusted in part).
 */
export function readProvenanceXml(xml: string): InsertedProvenance | null {
  const m = /<([A-Za-z_][\w.-]*:)?provenance\b([^>]*)>([\s\S]*?)<\/\1?provenance>/.exec(xml);
  if (!m) return null;
  const prefix = m[1] ? m[1].slice(0, -1) : '';
  const nsAttr = prefix ? `xmlns:${prefix}` : 'xmlns';
  const ns = new RegExp(`${nsAttr}\\s*=\\s*"([^"]*)"`).exec(m[2]) ?? new RegExp(`${nsAttr}\\s*=\\s*"([^"]*)"`).exec(xml);
  if (!ns || ns[1] !== PROVENANCE_NAMESPACE) return null;
  try {
    const value = JSON.parse(unescapeXml(m[3])) as unknown;
    return isInsertedProvenance(value) ? value : null;
  } catch {
    return null;
  }
}

export function isInsertedProvenance(value: unknown): value is InsertedProvenance {
  const v = value as Partial<InsertedProvenance> | null;
  return Boolean(
    v &&
      typeof v === 'object' &&
      typeof v.draftId === 'string' &&
      ID.test(v.draftId) &&
      v.template &&
      typeof v.template.id === 'string' &&
      typeof v.template.version === 'string' &&
      Array.isArray(v.sections) &&
      v.sections.every((s) => s && typeof s.id === 'string' && typeof s.provider === 'string') &&
      Array.isArray(v.ruleSets) &&
      Array.isArray(v.findingsAtHandOver) &&
      typeof v.repairRounds === 'number' &&
      typeof v.insertedAt === 'string',
  );
}

/**
 * The Outlook header value: ASCII only (non-ASCII escaped), and only what may leave the department with the
 * message: template id and version, which composer and model wrote each section, repair rounds, and how many
 * findings were open (no officer id, no rule sets, no finding).
 */
export function provenanceHeaderValue(record: InsertedProvenance): string {
  const compact = {
    v: 1,
    draft: record.draftId,
    template: `${record.template.id}@${record.template.version}`,
    sections: record.sections.map((s) => [s.id, s.composer, s.model ?? '', s.repaired ? 1 : 0]),
    repairs: record.repairRounds,
    open: record.findingsAtHandOver.length,
    at: record.insertedAt,
  };
  return JSON.stringify(compact).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
