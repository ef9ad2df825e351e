import { BUILTIN_RULE_SETS } from '../../src/core/checks/rulesets/builtin.generated';
import { RuleSetSchema } from '../../src/core/checks/spec';

const EXPECTED = ['classification', 'hk-en-style', 'hk-gov-names', 'hk-gov-structure', 'hk-zh-characters', 'hk-zh-formal', 'hk-zh-punctuation', 'hk-zh-vocabulary', 'pii'];

describe('built-in rule sets', () => {
  it('has every expected set', () => {
    expect(BUILTIN_RULE_SETS.map((s) => s.id).sort()).toEqual(EXPECTED);
  });

  it.each(BUILTIN_RULE_SETS.map((s) => [s.id, s] as const))('%s satisfies the rule schema', (_id, set) => {
    const result = RuleSetSchema.safeParse(set);
    if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  });

  it.each(BUILTIN_RULE_SETS.map((s) => [s.id, s] as const))('%s has valid regular expressions', (_id, set) => {
    const parsed = RuleSetSchema.parse(set);
    for (const [name, rule] of Object.entries(parsed.rules)) {
      const sources: string[] = [];
      if (rule.extends === 'existence' || rule.extends === 'required') sources.push(...rule.patterns);
      if (rule.extends === 'required' && rule.when) sources.push(rule.when);
      if (rule.extends === 'pairing') sources.push(rule.closes, ...rule.pairs.flatMap((p) => [p.open, p.close]));
      for (const source of sources) expect(() => new RegExp(source, 'gu')).not.toThrow(`${name}: ${source}`);
    }
  });

  it('no rule lists a token twice or a token that is also one of its own exceptions', () => {
    for (const set of BUILTIN_RULE_SETS.map((s) => RuleSetSchema.parse(s))) {
      for (const [name, rule] of Object.entries(set.rules)) {
        let tokens: string[] = [];
        let exceptions: string[] = [];
        if (rule.extends === 'substitution') [tokens, exceptions] = [Object.keys(rule.swap), rule.exceptions];
        if (rule.extends === 'script') [tokens, exceptions] = [Object.keys(rule.map), rule.exceptions];
        if (rule.extends === 'existence') [tokens, exceptions] = [rule.tokens, rule.exceptions];
        const fold = (t: string) => ('ignorecase' in rule && rule.ignorecase ? t.toLowerCase() : t);
        const seen = new Set<string>();
        for (const t of tokens.map(fold)) {
          expect(seen.has(t) ? `${set.id}/${name}: ${t} twice` : '').toBe('');
          seen.add(t);
        }
        for (const e of exceptions.map(fold)) expect(seen.has(e) ? `${set.id}/${name}: exception ${e} is a token` : '').toBe('');
      }
    }
  });

  it('no character is both a Simplified character and a Hong Kong variant', () => {
    const set = RuleSetSchema.parse(BUILTIN_RULE_SETS.find((s) => s.id === 'hk-zh-characters'));
    const simplified = set.rules.simplified;
    const forms = set.rules['hk-forms'];
    if (simplified.extends !== 'script' || forms.extends !== 'script') throw new Error('script rules expected');
    const both = Object.keys(forms.map).filter((k) => k in simplified.map);
    expect(both).toEqual([]);
    // Valid Traditional characters that are also Simplified forms must never be flagged.
    const valid = [...'后里干台面系松志制只才出范余于云几斗征划丑谷游岩涂采占胜杰准郁凶伙佣吁咨朴仆厘涌着群床峰唇晒'];
    expect(valid.filter((c) => c in simplified.map)).toEqual([]);
  });
});
