/**
 * "Apply the suggested fixes to the draft" before inserting it: the core's applyFixes on the draft's Markdown
 * blocks, with each line's Markdown marker (heading #, list -) put back in front of its fixed text.
 */
import { applyFixes } from '../../../core/checks/fix';
import type { Finding } from '../../../core/checks/types';
import { fromMarkdown } from '../../../core/text/document';

export function fixDraft(markdown: string, findings: readonly Finding[]): { text: string; applied: number; remaining: Finding[] } {
  const doc = fromMarkdown(markdown);
  const lines = markdown.split('\n');
  const { blocks, applied } = applyFixes(doc, findings);
  const out = doc.blocks.map((block, i) => {
    const fixed = blocks.get(block.id);
    if (fixed === undefined) return lines[i];
    const line = lines[i].replace(/\r$/, '');
    const marker = line.slice(0, line.length - block.text.length);
    return marker + fixed;
  });
  // Findings with a fix were applied (or overlapped one that was); those without remain for the officer.
  return { text: out.join('\n'), applied, remaining: findings.filter((f) => !f.fixes.length) };
}
