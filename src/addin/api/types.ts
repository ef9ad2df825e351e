/**
 * The gateway's JSON, as the task pane sees it (src/gateway/routes). Declared here rather than imported from
 * the gateway or the template schema, so the pane's bundle carries no server code and no zod schemas.
 */
import type { DraftProvenance } from '../../core/drafting/provenance-record';
import type { Classification, Finding } from '../../core/checks/types';

export type { Classification, Finding };
export type Lang = 'zh-HK' | 'en';

export interface Bilingual {
  'zh-HK': string;
  en: string;
}

export type FieldType = 'text' | 'longtext' | 'date' | 'reference' | 'person' | 'enum';

export interface TemplateField {
  id: string;
  labels: Bilingual;
  help?: Bilingual;
  type: FieldType;
  required: boolean;
  /** A JavaScript regular expression (flag u) the whole value must match. */
  pattern?: string;
  options?: Array<{ value: string; labels: Bilingual }>;
  default?: string | Bilingual;
}

export interface TemplateSection {
  id: string;
  titles: Bilingual;
  required: boolean;
  guidance?: Bilingual;
}

export type TemplateKind = 'memo' | 'letter' | 'circular' | 'minutes' | 'press-release' | 'email-reply';

export interface TemplateInfo {
  /** `<department>/<template>` */
  key: string;
  department: string;
  id: string;
  kind: TemplateKind | string;
  titles: Bilingual;
  description: Bilingual;
  languages: Lang[];
  classification: Classification;
  citations: boolean;
  fields: TemplateField[];
  sections: TemplateSection[];
  ruleSets: string[];
}

export interface DepartmentInfo {
  id: string;
  names: Bilingual;
  templates: TemplateInfo[];
}

export interface TemplateList {
  departments: DepartmentInfo[];
}

export type Tone = 'formal' | 'cordial' | 'firm' | 'plain';
export const TONES: readonly Tone[] = ['formal', 'cordial', 'firm', 'plain'];

export interface DraftRequest {
  template: string;
  fields: Record<string, string>;
  keyPoints: string[];
  lang?: Lang;
  tone?: Tone;
  classification?: Classification;
  /** Outlook: the incoming message, sent as quoted data (never instructions). */
  replyTo?: { subject?: string; from?: string; body: string };
  model?: string;
}

export interface DraftSource {
  n: number;
  title: string;
  heading?: string;
  file?: string;
}

export interface DraftMeta {
  template: string;
  lang: Lang;
  model: string;
  provider: string;
  composer: 'model' | 'offline';
  classification: Classification;
  sources: DraftSource[];
  /** Said when the offline composer drafted (no model was used). */
  notice?: Bilingual;
}

export interface DraftDone {
  text: string;
  composer: 'model' | 'offline';
  provider: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Which template version, rule sets and models made the draft (kept with the content when it is inserted). */
  provenance?: DraftProvenance;
}

/** The events of a streamed text answer (drafts, transforms): meta, delta…, findings, done, or error. */
export type TextEvent<Meta, Done> =
  | { type: 'meta'; data: Meta }
  | { type: 'delta'; data: { text: string } }
  | { type: 'findings'; data: { findings: Finding[] } }
  | { type: 'done'; data: Done }
  | { type: 'error'; data: { message: string; code?: string } };

/** The events of POST /v1/drafts (text/event-stream). */
export type DraftEvent = TextEvent<DraftMeta, DraftDone>;

export interface CheckRequest {
  text?: string;
  blocks?: Array<{ kind?: 'heading' | 'paragraph' | 'list-item' | 'table-cell'; text: string; style?: string; level?: number }>;
  template?: string;
  ruleSets?: string[];
  lang?: Lang;
  classification?: Classification;
}

export interface CheckResponse {
  findings: Finding[];
  blocks: Array<{ id: string; offset?: number }>;
}

export interface ModelList {
  object: 'list';
  data: Array<{ id: string; object: 'model'; owned_by: string }>;
}
