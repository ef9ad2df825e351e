/** Types of cases.js (plain CommonJS, shared with bench/drafts.bench.js). */
import type { SeenPrompt } from './mainland-model';

export type Lang = 'zh-HK' | 'en';

export interface DraftCase {
  name: string;
  template: string;
  lang: Lang;
  first(p: SeenPrompt): string;
  repair?(p: SeenPrompt): string;
  cutAfter?: number;
  expect: {
    applied: Array<[string, string?, string?]>;
    invented: string[];
    repair: boolean;
    left?: string[];
    contains: string[];
    absent: string[];
    cut?: boolean;
  };
}

export const CASES: DraftCase[];
export const FIELDS: Record<string, Record<Lang, Record<string, string>>>;
export const KEY_POINTS: Record<Lang, string[]>;
export function blocks(p: SeenPrompt, sections: Record<string, string>): string;
