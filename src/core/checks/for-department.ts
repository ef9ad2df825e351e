import type { Department, Template } from '../templates/types';
import { BUILTIN_RULE_SET_IDS, createChecker, type Checker } from './index';
import type { RuleSet } from './spec';

/**
 * The rule sets a department's document is checked with: the template's rule sets (or every built-in set
 * when it names none, or when there is no template), less those the department switched off, plus those
 * it switched on, plus the department's own rules as a set named after the department.
 */
export function ruleSetsFor(department: Department | undefined, template?: Template): string[] {
  const base = template?.ruleSets.length ? [...template.ruleSets] : [...BUILTIN_RULE_SET_IDS];
  const switches = department?.houseRules.ruleSets ?? {};
  const chosen = new Set(base);
  for (const [id, on] of Object.entries(switches)) {
    if (on === false) chosen.delete(id);
    else if (on === true) chosen.add(id);
  }
  return BUILTIN_RULE_SET_IDS.filter((id) => chosen.has(id));
}

export function departmentRuleSet(department: Department): RuleSet | undefined {
  const rules = department.houseRules.rules;
  if (!Object.keys(rules).length) return undefined;
  return { id: department.id, name: department.names, rules };
}

const cache = new WeakMap<object, Map<string, Checker>>();

export function checkerFor(department: Department | undefined, template?: Template, only?: readonly string[]): Checker {
  const ids = only ? [...only] : ruleSetsFor(department, template);
  const extra = department ? departmentRuleSet(department) : undefined;
  if (!department || !extra) return createChecker({ ruleSets: ids });
  let byKey = cache.get(department);
  if (!byKey) cache.set(department, (byKey = new Map()));
  const key = ids.join(',');
  let checker = byKey.get(key);
  if (!checker) byKey.set(key, (checker = createChecker({ ruleSets: ids, extraRuleSets: [extra] })));
  return checker;
}
