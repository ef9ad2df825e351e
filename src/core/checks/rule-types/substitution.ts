import type { z } from 'zod';
import { formatMessage } from '../message';
import type { ScriptRule, SubstitutionRule } from '../spec';
import type { CompiledRule } from '../types';
import { phraseForm } from '../context/phrases';
import { fixesFor, hitText, literalsFor } from './shared';

type Spec = z.infer<typeof SubstitutionRule>;

export function compileSubstitution(id: string, spec: Spec): CompiledRule {
  const swap = new Map<string, string | string[]>();
  for (const [found, replacement] of Object.entries(spec.swap)) swap.set(spec.ignorecase ? found.toLowerCase() : found, replacement);
  // A replacement that contains its own token (用戶名 -> 用戶名稱, 殘疾人 -> 殘疾人士): where the text already reads as
  // the replacement, the token is not found in it.
  const containing = new Map<string, Array<{ replacement: string; at: number }>>();
  for (const [found, replacement] of Object.entries(spec.swap)) {
    for (const r of typeof replacement === 'string' ? [replacement] : replacement) {
      const at = r.indexOf(found);
      if (at >= 0 && r !== found) containing.set(found, [...(containing.get(found) ?? []), { replacement: r, at }]);
    }
  }
  return {
    id,
    level: spec.level,
    acceptLiteral: containing.size
      ? (hit, block) => !(containing.get(hit.pattern) ?? []).some((c) => hit.start >= c.at && block.text.startsWith(c.replacement, hit.start - c.at))
      : undefined,
    literals: literalsFor([...Object.keys(spec.swap)], spec.ignorecase, spec.exceptions, (token) => swap.get(spec.ignorecase ? token.toLowerCase() : token)),
    onLiteral(hit, block, emit) {
      const text = hitText(block, hit);
      const replacement = hit.payload as string | string[];
      const fixes = fixesFor(text, replacement, spec.ignorecase);
      const shown = fixes.map((f) => f.replacement);
      emit({
        block: block.id,
        start: hit.start,
        end: hit.end,
        text,
        message: formatMessage(spec.message, [shown.join('」或「'), text], [shown.join("' or '"), text]),
        fixes,
      });
    },
  };
}

type ScriptSpec = z.infer<typeof ScriptRule>;

/** Characters of another script: a substitution that reads only Chinese text. */
export function compileScript(id: string, spec: ScriptSpec): CompiledRule {
  const rule = compileSubstitutionOf(id, spec);
  if (!spec.phrases) return rule;
  const onLiteral = rule.onLiteral!;
  // One character with several forms: the phrase it stands in decides, when OpenCC's phrases cover it.
  rule.onLiteral = (hit, block, emit, state) => {
    const options = hit.payload;
    if (!Array.isArray(options) || options.length < 2 || hit.end - hit.start !== 1) return onLiteral(hit, block, emit, state);
    const form = phraseForm(block.text, hit.start);
    onLiteral({ ...hit, payload: form !== undefined && options.includes(form) ? form : options }, block, emit, state);
  };
  return rule;
}

function compileSubstitutionOf(id: string, spec: ScriptSpec): CompiledRule {
  return compileSubstitution(id, {
    extends: 'substitution',
    message: spec.message,
    level: spec.level,
    scope: spec.scope === 'any' ? 'zh' : spec.scope,
    kinds: spec.kinds,
    swap: spec.map,
    ignorecase: false,
    exceptions: spec.exceptions,
    // Context conditions are attached by compileRule from the script rule's own spec.
    contexts: {},
    alsoSimplified: false,
  });
}
