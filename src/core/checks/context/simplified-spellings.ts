/**
 * `alsoSimplified: true` on a substitution rule: every key is found in its Simplified spelling too (視頻 and 视频),
 * with the same replacement, exceptions and contexts (the words of `after` / `before` in both spellings as well).
 * Models trained on Mainland text write either; the replacement is always the HK Traditional form.
 * The Simplified spelling comes from the checker's own Simplified map (hk-zh-characters `simplified`), read
 * backwards, so the core needs no converter at run time (the task pane stays small).
 */
import type { ContextCondition } from '../spec';
import { BUILTIN_RULE_SETS } from '../rulesets/builtin.generated';

let toCn: Map<string, string> | undefined;

function inverse(): Map<string, string> {
  if (toCn) return toCn;
  toCn = new Map();
  const set = BUILTIN_RULE_SETS.find((s) => s.id === 'hk-zh-characters');
  const map = (set?.rules.simplified as { map?: Record<string, string | string[]> } | undefined)?.map ?? {};
  for (const [cn, forms] of Object.entries(map)) {
    for (const form of typeof forms === 'string' ? [forms] : forms) if (!toCn.has(form)) toCn.set(form, cn);
  }
  // 衞 is the HK form of 衛; both are 卫.
  if (toCn.has('衞') && !toCn.has('衛')) toCn.set('衛', toCn.get('衞')!);
  return toCn;
}

export function simplifiedSpelling(text: string): string {
  const m = inverse();
  let out = '';
  for (const ch of text) out += m.get(ch) ?? ch;
  return out;
}

const both = (words: readonly string[] | undefined) => (words ? [...new Set(words.flatMap((w) => [w, simplifiedSpelling(w)]))] : undefined);

function condition(c: ContextCondition): ContextCondition {
  return { ...c, ...(c.after ? { after: both(c.after) } : {}), ...(c.before ? { before: both(c.before) } : {}) };
}

interface Expandable extends ContextCondition {
  swap: Record<string, string | string[]>;
  exceptions: string[];
  contexts: Record<string, ContextCondition>;
}

export function withSimplifiedSpellings<T extends Expandable>(spec: T): T {
  const swap: Record<string, string | string[]> = { ...spec.swap };
  const contexts: Record<string, ContextCondition> = {};
  for (const [key, c] of Object.entries(spec.contexts)) contexts[key] = condition(c);
  for (const [key, value] of Object.entries(spec.swap)) {
    const cn = simplifiedSpelling(key);
    if (cn === key || cn in swap) continue;
    swap[cn] = value;
    if (contexts[key]) contexts[cn] = contexts[key];
  }
  const exceptions = both(spec.exceptions) ?? [];
  return { ...spec, ...condition(spec), swap, exceptions, contexts };
}
