/** The Check pane's bookkeeping: grouping and counting findings, "ignore" keys, and turning fixes into edits. */
import { LEVELS, type Finding, type Level } from '../../../core/checks/types';
import type { TextEdit, TextTarget } from '../../hosts/document-host';

/** Ignored per document, and "of a kind" for Fix all: the same rule on the same text. */
export function findingKey(f: Pick<Finding, 'ruleId' | 'text'>): string {
  return `${f.ruleId}|${f.text}`;
}

/** "Ignore this rule": one key for every finding of a rule, whatever its text. */
export function ruleKey(f: Pick<Finding, 'ruleId'>): string {
  return `rule:${f.ruleId}`;
}

export function ruleSetOf(f: Pick<Finding, 'ruleId'>): string {
  const slash = f.ruleId.indexOf('/');
  return slash === -1 ? f.ruleId : f.ruleId.slice(0, slash);
}

export type LevelCounts = Record<Level, number>;

export function countByLevel(findings: readonly Finding[]): LevelCounts {
  const counts: LevelCounts = { error: 0, warning: 0, suggestion: 0 };
  for (const f of findings) counts[f.level] = (counts[f.level] ?? 0) + 1;
  return counts;
}

export interface FindingGroup {
  ruleSet: string;
  findings: Finding[];
  counts: LevelCounts;
}

/** Groups in order of their worst finding (errors first), then by size; findings keep document order. */
export function groupByRuleSet(findings: readonly Finding[]): FindingGroup[] {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = ruleSetOf(f);
    const list = map.get(id) ?? [];
    list.push(f);
    map.set(id, list);
  }
  const worst = (g: FindingGroup) => LEVELS.findIndex((l) => g.counts[l] > 0);
  return [...map.entries()]
    .map(([ruleSet, list]) => ({ ruleSet, findings: list, counts: countByLevel(list) }))
    .sort((a, b) => worst(a) - worst(b) || b.findings.length - a.findings.length || a.ruleSet.localeCompare(b.ruleSet));
}

export function targetOf(f: Finding): TextTarget {
  return { block: f.block, start: f.start, end: f.end, text: f.text };
}

/** One edit per finding (its chosen fix, the first by default), overlapping edits dropped: the officer re-checks. */
export function editsFor(findings: readonly Finding[], choice: (f: Finding) => number = () => 0): TextEdit[] {
  const byBlock = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.fixes.length) continue;
    const list = byBlock.get(f.block) ?? [];
    list.push(f);
    byBlock.set(f.block, list);
  }
  const edits: TextEdit[] = [];
  for (const list of byBlock.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    let reach = -1;
    for (const f of list) {
      if (f.start < reach || (f.start === f.end && f.start === reach)) continue;
      const fix = f.fixes[choice(f)] ?? f.fixes[0];
      edits.push({ ...targetOf(f), replacement: fix.replacement });
      reach = f.end;
    }
  }
  return edits;
}

export function visibleFindings(findings: readonly Finding[], ignored: ReadonlySet<string>): Finding[] {
  return ignored.size ? findings.filter((f) => !ignored.has(findingKey(f)) && !ignored.has(ruleKey(f))) : [...findings];
}
