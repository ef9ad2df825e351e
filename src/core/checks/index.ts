/**
 * The checker: built-in Hong Kong rule sets plus any department rules, compiled once into an engine.
 *
 *   const checker = createChecker({ ruleSets: ['hk-zh-formal'] });
 *   const findings = checker.check(fromPlainText(text), { lang: 'zh-HK' });
 */
import type { DocumentModel } from '../text/document';
import { compileRuleSet } from './compile';
import { Engine } from './engine';
import { BUILTIN_RULE_SETS } from './rulesets/builtin.generated';
import { RuleSetSchema, type RuleSet } from './spec';
import type { CheckContext, Finding } from './types';

export * from './types';
export { detectClassification, findMarkings } from './rule-types/classification';
export { findPersonalData, isValidHkid, hkidCheckDigit } from './rule-types/pii';
export type { RuleSet, RuleSpec } from './spec';

export class UnknownRuleSetError extends Error {
  constructor(readonly ruleSet: string) {
    super(`unknown rule set "${ruleSet}" (known: ${BUILTIN_RULE_SET_IDS.join(', ')})`);
    this.name = 'UnknownRuleSetError';
  }
}

let parsed: Map<string, RuleSet> | undefined;

/** The built-in rule sets, validated once on first use. */
export function builtinRuleSets(): ReadonlyMap<string, RuleSet> {
  parsed ??= new Map(BUILTIN_RULE_SETS.map((input) => {
    const set = RuleSetSchema.parse(input);
    return [set.id, set];
  }));
  return parsed;
}

export const BUILTIN_RULE_SET_IDS: readonly string[] = BUILTIN_RULE_SETS.map((s) => s.id);

export interface CheckerOptions {
  /** Built-in rule set ids; all of them when absent. */
  ruleSets?: readonly string[];
  /** Further rule sets, such as a department's own rules (already validated). */
  extraRuleSets?: readonly RuleSet[];
}

export interface Checker {
  readonly ruleSetIds: readonly string[];
  check(doc: DocumentModel, context?: CheckContext): Finding[];
}

const cache = new Map<string, Checker>();

export function createChecker(options: CheckerOptions = {}): Checker {
  const ids = options.ruleSets ?? BUILTIN_RULE_SET_IDS;
  const builtins = builtinRuleSets();
  const sets = ids.map((id) => {
    const set = builtins.get(id);
    if (!set) throw new UnknownRuleSetError(id);
    return set;
  });
  const all = [...sets, ...(options.extraRuleSets ?? [])];
  // Compiling builds the automaton: reuse a checker for the same built-in selection.
  const key = options.extraRuleSets?.length ? undefined : ids.join(',');
  const cached = key ? cache.get(key) : undefined;
  if (cached) return cached;
  const engine = new Engine(all.flatMap(compileRuleSet));
  const checker: Checker = { ruleSetIds: all.map((s) => s.id), check: (doc, context) => engine.check(doc, context) };
  if (key) cache.set(key, checker);
  return checker;
}
