/**
 * Retrieval for drafting: the query is made of what the officer wrote (key points, the template's free-text
 * fields such as the subject, and the message being answered), never of personal fields (names, addresses,
 * telephone numbers, references). The passages found become the prompt's numbered sources and, in the draft's
 * language, the offline composer's standard wording.
 */
import { rankOf, stricterOf } from '../../core/classification/markings';
import type { Classification } from '../../core/checks/types';
import type { Passage } from '../../core/templates/compose';
import type { Lang } from '../../core/templates/schema';
import type { Template } from '../../core/templates/types';
import type { KnowledgeBase } from './knowledge-base';
import { NUMBERED } from './structure';
import type { Hit } from './types';

export interface DraftRetrievalInput {
  department: string;
  /**
   * The gate's decision, taken before retrieval: the request's classification (the query goes to the embeddings
   * provider only within its ceiling, redacted when it is external) and the highest classification the chosen
   * model may be sent (passages above it are left out). Without a ceiling no passage is used.
   */
  gate: { classification: Classification; ceiling: Classification | undefined };
  template: Template;
  lang: Lang;
  fields: Readonly<Record<string, string | undefined>>;
  keyPoints: readonly string[];
  replyTo?: { subject?: string; body: string };
}

/** Passages for the prompt. */
export const DRAFT_SOURCES = 5;
/** Passages the offline composer places (the best ones in the draft's language). */
export const OFFLINE_PASSAGES = 2;
/** Candidates looked at. */
const CANDIDATES = 10;
/** In lexical mode, a passage scoring below this share of the best one is not relevant enough to cite... */
const SOURCE_CUTOFF = 0.35;
/** ...and one below this share is not put into an offline draft word for word. */
const OFFLINE_CUTOFF = 0.6;
const PERSONAL_FIELD = /name|address|addr|phone|tel|fax|mobile|email|e-mail|contact|hkid|identity|ref|cc|signat/i;
const MAX_QUERY_CHARS = 4_000;

export interface DraftKnowledge {
  /** For the prompt's <knowledge> block and the meta event: one passage per file and heading (the best-scoring). */
  sources: Hit[];
  /** For the offline composer: standard wording in the draft's language. */
  passages: Passage[];
  /** The strictest classification of the passages used (UNCLASSIFIED when none): the request's is raised to it. */
  classification: Classification;
  /** Passages found but left out because their file is classified above what the model may be sent. */
  withheld: number;
}

export function draftQuery(input: Omit<DraftRetrievalInput, 'department' | 'gate'>): string {
  const { template, fields, lang } = input;
  const parts: string[] = [...input.keyPoints];
  for (const f of template.fields) {
    const value = fields[f.id]?.trim();
    if (!value || (f.type !== 'text' && f.type !== 'longtext')) continue;
    if (f.id === template.addressee || f.id === template.signatory || PERSONAL_FIELD.test(f.id)) continue;
    parts.push(value);
  }
  if (input.replyTo) parts.push(input.replyTo.subject ?? '', input.replyTo.body.slice(0, 2_000));
  const query = parts.filter((p) => p.trim()).join('\n');
  return (query || `${template.titles[lang]}\n${template.description?.[lang] ?? ''}`).slice(0, MAX_QUERY_CHARS);
}

export async function retrieveForDraft(kb: KnowledgeBase, input: DraftRetrievalInput): Promise<DraftKnowledge> {
  const query = draftQuery(input);
  const none: DraftKnowledge = { sources: [], passages: [], classification: 'UNCLASSIFIED', withheld: 0 };
  if (!query.trim()) return none;
  const { ceiling } = input.gate;
  const found = await kb.search(input.department, query, { k: CANDIDATES, classification: input.gate.classification });
  // A passage above what the model may be sent never enters its prompt (nor the draft that stands for it).
  const usable = found.hits.filter((h) => ceiling !== undefined && rankOf(h.classification) <= rankOf(ceiling));
  const result = { ...found, hits: usable };
  const best = result.hits[0]?.score ?? 0;
  const above = (share: number) => (h: Hit) => result.mode === 'hybrid' || h.score >= best * share;
  // A bilingual file has the same passage in both languages under one heading: cite it once.
  const seen = new Set<string>();
  const sources = result.hits.filter(above(SOURCE_CUTOFF)).filter((h) => {
    const key = `${h.file}\u0000${h.heading}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const passages = result.hits
    .filter(above(OFFLINE_CUTOFF))
    .filter((h) => h.lang === input.lang)
    .slice(0, OFFLINE_PASSAGES)
    .map((h) => ({ title: h.title, text: standardWording(h.text), id: h.id, source: h.file }));
  const kept = sources.slice(0, DRAFT_SOURCES);
  let classification: Classification = 'UNCLASSIFIED';
  for (const h of [...kept, ...result.hits.filter((h) => passages.some((p) => p.id === h.id))]) classification = stricterOf(classification, h.classification);
  return { sources: kept, passages, classification, withheld: found.hits.length - usable.length };
}

/** The passage as standard wording: without its paragraph number, and for a question-and-answer, the answer. */
export function standardWording(text: string): string {
  let t = text.replace(/\s*\n\s*/g, (m, offset: number) => (/[\u3000-\u9fff]$/.test(text.slice(0, offset)) ? '' : ' ')).trim();
  const answer = /(?:^|\s|[？?])(?:答|A\d{0,3})\s*[:：.．]\s*/.exec(t);
  if (answer && /^(?:問|Q)/.test(t)) t = t.slice(answer.index + answer[0].length);
  const number = NUMBERED.exec(t);
  if (number) t = t.slice(number[0].length);
  return t.trim();
}
