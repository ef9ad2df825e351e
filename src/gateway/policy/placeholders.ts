/**
 * Placeholders that stand for personal data in text sent to an external model: `[EMAIL_1]`, `[PHONE_2]`,
 * `[HKID_1]`, `[PASSPORT_1]`. ASCII capitals in square brackets are copied verbatim by models in Chinese and English text
 * alike, say what kind of thing stood there (so the draft still reads right), and do not occur in official
 * writing. A model that turns the brackets full-width (［EMAIL_1］ or 【EMAIL_1】) is still understood.
 *
 * The map from placeholders to the original text lives only in memory for one request: it refuses to be
 * serialised or inspected, so a stray log line cannot print it.
 */
import { inspect } from 'node:util';
import type { PersonalDataKind } from '../../core/personal-data';

export type PiiKind = PersonalDataKind;

const LABELS: Record<PiiKind, string> = { hkid: 'HKID', phone: 'PHONE', email: 'EMAIL', passport: 'PASSPORT' };
const LABEL_ALTERNATIVES = Object.values(LABELS).join('|');

/** Bracket characters as they go inside a regular expression's character class. */
const OPEN = '\\[［【';
const CLOSE = '\\]］】';
/** A placeholder at one position (sticky), any bracket style; group 1 kind label, group 2 number. */
export const PLACEHOLDER_AT = new RegExp(`[${OPEN}](${LABEL_ALTERNATIVES})_([1-9]\\d{0,5})[${CLOSE}]`, 'y');
/** Every placeholder-shaped string in a text. */
const PLACEHOLDER_ALL = new RegExp(PLACEHOLDER_AT.source, 'g');
/** Text that could still grow into a placeholder: the start of one, cut short ("[", "[PASS", "[EMAIL_12"). */
const prefixes = (label: string) => [...label].reduceRight((rest, c) => `${c}(?:${rest})?`, '_(?:[1-9]\\d{0,5})?');
const PLACEHOLDER_START = new RegExp(`^[${OPEN}](?:${Object.values(LABELS).map(prefixes).join('|')})?$`);
/** The longest text a streaming restorer may hold back: "[PASSPORT_123456". */
export const LONGEST_PLACEHOLDER_START = 1 + Math.max(...Object.values(LABELS).map((l) => l.length)) + 1 + 6;

export function couldStartPlaceholder(rest: string): boolean {
  return PLACEHOLDER_START.test(rest);
}

/** `[EMAIL_1]` for any bracket style. */
export function canonicalPlaceholder(label: string, number: string): string {
  return `[${label}_${number}]`;
}

export class RedactionMap {
  readonly #original = new Map<string, string>();
  readonly #byValue = new Map<string, string>();
  readonly #reserved = new Set<string>();
  readonly #next: Record<PiiKind, number> = { hkid: 1, phone: 1, email: 1, passport: 1 };

  /** How many distinct values have a placeholder. */
  get size(): number {
    return this.#original.size;
  }

  /** The original text a placeholder (canonical `[KIND_n]` form) stands for. */
  get(placeholder: string): string | undefined {
    return this.#original.get(placeholder);
  }

  has(placeholder: string): boolean {
    return this.#original.has(placeholder);
  }

  placeholders(): string[] {
    return [...this.#original.keys()];
  }

  /** Notes placeholder-shaped strings already present in the text, so none of them is ever handed out. */
  reserve(text: string): void {
    for (const m of text.matchAll(PLACEHOLDER_ALL)) this.#reserved.add(canonicalPlaceholder(m[1], m[2]));
  }

  /**
   * The placeholder for a value: the same one every time the same value comes back in the same spelling.
   * Each spelling has its own ("9123 4567" and "９１２３ ４５６７" are [PHONE_1] and [PHONE_2]), so what is
   * restored is exactly what was written where it was written; a model that repeats a text (polish,
   * translate) gives each occurrence back as it was. The cost, a model seeing two placeholders for one
   * person, is smaller than an answer that changes what the officer wrote.
   */
  placeholderFor(kind: PiiKind, value: string): string {
    const key = `${kind}:${value}`;
    const known = this.#byValue.get(key);
    if (known) return known;
    let placeholder: string;
    do placeholder = canonicalPlaceholder(LABELS[kind], String(this.#next[kind]++));
    while (this.#reserved.has(placeholder));
    this.#byValue.set(key, placeholder);
    this.#original.set(placeholder, value);
    return placeholder;
  }

  toJSON(): { placeholders: number } {
    return { placeholders: this.size };
  }

  toString(): string {
    return `RedactionMap(${this.size} placeholders)`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
