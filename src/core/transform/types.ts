/** Shared types of the everyday actions (polish, translate, summarise, formalise, minutes). */

export type Lang = 'zh-HK' | 'en';

export interface Note {
  'zh-HK': string;
  en: string;
}

export type TransformAction = 'formalise' | 'polish' | 'translate' | 'summarise' | 'minutes';

/** What an offline action returns: the text, and what was done to it (never a silent no-op). */
export interface TransformResult {
  action: TransformAction;
  text: string;
  /** True when the result is not a full answer to the request (a glossary-only translation, house-style polish only ...). */
  partial: boolean;
  /** What was done, in both languages, for the officer: always at least one note. */
  notes: Note[];
  /** How many changes were made to the text (replacements, removals), where that means something. */
  changes?: number;
  /** formalise: the Cantonese features the output still has (by the Cantonese detector), when there are any. */
  remainingFeatures?: string[];
}

/** A department glossary term, as in department.yaml (`Department['glossary'][number]`). */
export interface GlossaryTerm {
  en: string;
  'zh-HK': string;
  deprecated?: { en?: string[]; 'zh-HK'?: string[] };
  note?: string;
}
