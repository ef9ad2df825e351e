/**
 * Mainland vocabulary -> Hong Kong usage, for text already in Traditional characters: the checker's
 * `hk-zh-vocabulary` rule set (one list, with its contexts: 質量 only of a service, 信息 but not 信息科技, 單位 only as
 * one's organisation), taking the set's first term where it offers a choice. The drafting normaliser runs the same rule set
 * with the other house rules (normalise.ts); this is the same step on its own.
 */
import { createChecker, type Checker } from '../checks';
import { applyFixes, isAutomaticFix } from '../checks/fix';
import { fromPlainText } from '../text/document';

let checker: Checker | undefined;

/** Replaces Mainland words where the rule set says so in context; each replacement is reported. */
export function toHongKongVocabulary(text: string): { text: string; changes: Array<{ from: string; to: string }> } {
  checker ??= createChecker({ ruleSets: ['hk-zh-vocabulary'] });
  const doc = fromPlainText(text);
  // A choice (視頻: 影片 or 短片) takes the rule set's first term, as the drafting normaliser does.
  const findings = checker
    .check(doc, { lang: 'zh-HK' })
    .filter((f) => f.fixes.length > 0)
    .map((f) => (isAutomaticFix(f) ? f : { ...f, fixes: [f.fixes[0]] }));
  if (!findings.length) return { text, changes: [] };
  const { blocks } = applyFixes(doc, findings);
  return {
    text: doc.blocks.map((b) => blocks.get(b.id) ?? b.text).join('\n'),
    changes: findings.map((f) => ({ from: f.text, to: f.fixes[0].replacement })),
  };
}
