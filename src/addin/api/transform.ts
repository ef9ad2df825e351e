/**
 * POST /v1/transform as the task pane sees it (src/gateway/routes/transform.ts): the everyday actions on a piece of
 * text (polish, translate, summarise, formalise, minutes), streamed with the same events as drafts. Declared here,
 * not imported from the gateway, so the pane's bundle carries no server code. `GatewayClient.transform()` sends it.
 */
import type { Bilingual, Classification, Finding, Lang, TextEvent } from './types';

export type TransformAction = 'polish' | 'translate' | 'summarise' | 'formalise' | 'minutes';
export const TRANSFORM_ACTIONS: readonly TransformAction[] = ['polish', 'translate', 'summarise', 'formalise', 'minutes'];

export type SummaryLength = 'short' | 'medium' | 'long';
export const SUMMARY_LENGTHS: readonly SummaryLength[] = ['short', 'medium', 'long'];
export type SummaryForm = 'bullets' | 'paragraph';
export const SUMMARY_FORMS: readonly SummaryForm[] = ['bullets', 'paragraph'];
export type MinutesStyle = 'decisions' | 'summary' | 'detailed';
export const MINUTES_STYLES: readonly MinutesStyle[] = ['decisions', 'summary', 'detailed'];

export interface TransformRequest {
  action: TransformAction;
  text: string;
  /** The language of the result; for translate, the target. The gateway defaults it from the text. */
  lang?: Lang;
  /** summarise */
  length?: SummaryLength;
  form?: SummaryForm;
  /** minutes */
  style?: MinutesStyle;
  /** minutes: the department's minutes template, `<department>/<template>`. */
  template?: string;
  classification?: Classification;
  model?: string;
}

/** A glossary term the text uses, as the gateway told the model (and checked its answer against). */
export interface GlossaryPair {
  en: string;
  'zh-HK': string;
  source: 'department' | 'hk-gov-names';
  deprecated?: { en?: string[]; 'zh-HK'?: string[] };
  note?: string;
}

export interface TransformMeta {
  action: TransformAction;
  /** The result's language. */
  lang: Lang;
  /** The source text's language. */
  from: Lang;
  glossary: GlossaryPair[];
  /** minutes: the template used. */
  template?: string;
  model: string;
  provider: string;
  composer: 'model' | 'offline';
  classification?: Classification;
  /** What the offline path did (no model was used). */
  notice?: Bilingual;
  /** The offline path could do only part of the work (e.g. a translation of the glossary terms only). */
  partial?: boolean;
}

export interface TransformDone {
  text: string;
  composer: 'model' | 'offline';
  provider: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** The events of POST /v1/transform (text/event-stream). */
export type TransformEvent = TextEvent<TransformMeta, TransformDone>;

export const TRANSFORM_PATH = '/v1/transform';
