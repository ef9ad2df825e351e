import type { RuleSet, RuleSpec } from './spec';
import type { CompiledRule } from './types';
import { compileClassification } from './rule-types/classification';
import { compileConditional } from './rule-types/conditional';
import { compileConsistency } from './rule-types/consistency';
import { compileExistence } from './rule-types/existence';
import { compileOccurrence } from './rule-types/occurrence';
import { compilePairing } from './rule-types/pairing';
import { compilePii } from './rule-types/pii';
import { compilePunctuation } from './rule-types/punctuation';
import { compileRequired } from './rule-types/required';
import { compileScript, compileSubstitution } from './rule-types/substitution';
import { compileStructure } from './rule-types/structure';
import { compileContext } from './context/conditions';
import { withSimplifiedSpellings } from './context/simplified-spellings';

/** One declarative rule to its compiled form; the rule type decides everything but scope and kinds. */
export function compileRule(id: string, given: RuleSpec): CompiledRule {
  const spec = given.extends === 'substitution' && given.alsoSimplified ? withSimplifiedSpellings(given) : given;
  const rule = compileByType(id, spec);
  // Script rules read Chinese only, whatever their scope says.
  rule.scope = spec.extends === 'script' && spec.scope === 'any' ? 'zh' : spec.scope;
  rule.kinds = spec.kinds;
  const tokens = literalTokens(spec);
  if (tokens && (spec.extends === 'existence' || spec.extends === 'substitution' || spec.extends === 'script')) {
    const context = compileContext(spec, id, tokens);
    if (context) {
      const own = rule.acceptLiteral;
      rule.acceptLiteral = own ? (hit, block, state) => own(hit, block, state) && context.accept(hit, block, state) : context.accept;
      rule.levelAt = context.level;
    }
  }
  return rule;
}

/** The literal tokens of a rule type that matches literals (context conditions apply to these). */
function literalTokens(spec: RuleSpec): string[] | undefined {
  if (spec.extends === 'existence') return spec.tokens;
  if (spec.extends === 'substitution') return Object.keys(spec.swap);
  if (spec.extends === 'script') return Object.keys(spec.map);
  return undefined;
}

function compileByType(id: string, spec: RuleSpec): CompiledRule {
  switch (spec.extends) {
    case 'existence':
      return compileExistence(id, spec);
    case 'substitution':
      return compileSubstitution(id, spec);
    case 'occurrence':
      return compileOccurrence(id, spec);
    case 'consistency':
      return compileConsistency(id, spec);
    case 'conditional':
      return compileConditional(id, spec);
    case 'required':
      return compileRequired(id, spec);
    case 'pairing':
      return compilePairing(id, spec);
    case 'script':
      return compileScript(id, spec);
    case 'punctuation':
      return compilePunctuation(id, spec);
    case 'pii':
      return compilePii(id, spec);
    case 'classification':
      return compileClassification(id, spec);
    case 'structure':
      return compileStructure(id, spec);
  }
}

export function compileRuleSet(set: RuleSet): CompiledRule[] {
  return Object.entries(set.rules).map(([name, spec]) => compileRule(`${set.id}/${name}`, spec));
}
