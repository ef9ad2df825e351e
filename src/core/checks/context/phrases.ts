/**
 * Which Traditional form a Simplified character takes in its phrase, by OpenCC's phrase data (phrases.generated.ts):
 * 头发 -> 髮, 发现 -> 發, 复印 -> 複, 回复 -> 覆. A character no phrase covers is left undecided: the rule then offers
 * every form and nothing is applied without the officer's choice.
 */
import { PHRASE_TABLE } from './phrases.generated';

export interface PhraseTable {
  maxLength: number;
  /** Simplified phrase -> its Traditional form, character for character. */
  phrases: Record<string, string>;
}

let table: Map<string, string> | undefined;

/** The Traditional character OpenCC's longest phrase covering text[i] gives it, if a phrase covers it. */
export function phraseForm(text: string, i: number): string | undefined {
  table ??= new Map(Object.entries(PHRASE_TABLE.phrases));
  for (let len = Math.min(PHRASE_TABLE.maxLength, text.length); len >= 2; len--) {
    for (let a = Math.max(0, i - len + 1); a <= i && a + len <= text.length; a++) {
      const to = table.get(text.slice(a, a + len));
      if (to !== undefined) return to[i - a];
    }
  }
  return undefined;
}
