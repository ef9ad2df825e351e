import type { DocumentModel } from '../text/document';
import type { Finding } from './types';

export interface FixResult {
  /** Each block's text with the fixes applied, by block id. */
  blocks: Map<string, string>;
  applied: number;
  skipped: number;
  /** Findings left alone because they offer several replacements (佢 -> 他/她/它): the officer chooses. */
  choices: number;
}

/**
 * Whether a finding's fix may be applied without asking: it offers exactly one replacement (the engine has
 * already dropped replacements that would corrupt the text, see fix-safety.ts). "Fix all", `--fix` and the
 * transforms apply only these; a finding with several replacements waits for the officer's choice.
 */
export function isAutomaticFix(f: Finding): boolean {
  return f.fixes.length === 1;
}

/**
 * Applies the automatic fix of each finding, block by block, from the end backwards so earlier offsets stay valid.
 * A fix that overlaps one already taken is skipped (the officer re-checks and sees it again).
 */
export function applyFixes(doc: DocumentModel, findings: readonly Finding[]): FixResult {
  const byBlock = new Map<string, Finding[]>();
  let choices = 0;
  for (const f of findings) {
    if (!f.fixes.length) continue;
    if (!isAutomaticFix(f)) {
      choices++;
      continue;
    }
    const list = byBlock.get(f.block) ?? [];
    list.push(f);
    byBlock.set(f.block, list);
  }
  const blocks = new Map<string, string>();
  let applied = 0;
  let skipped = 0;
  for (const block of doc.blocks) {
    const list = byBlock.get(block.id);
    if (!list) continue;
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const chosen: Finding[] = [];
    let reach = -1;
    for (const f of list) {
      if (f.start < reach || (f.start === f.end && f.start === reach)) {
        skipped++;
        continue;
      }
      chosen.push(f);
      reach = f.end;
    }
    let text = block.text;
    for (let i = chosen.length - 1; i >= 0; i--) {
      const f = chosen[i];
      text = text.slice(0, f.start) + f.fixes[0].replacement + text.slice(f.end);
    }
    applied += chosen.length;
    blocks.set(block.id, text);
  }
  return { blocks, applied, skipped, choices };
}

/** The document's text with fixes applied, blocks joined by "\n" (the model's own layout). */
export function fixedText(doc: DocumentModel, findings: readonly Finding[]): { text: string; applied: number } {
  const { blocks, applied } = applyFixes(doc, findings);
  return { text: doc.blocks.map((b) => blocks.get(b.id) ?? b.text).join('\n'), applied };
}
