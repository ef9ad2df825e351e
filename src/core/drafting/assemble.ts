/**
 * Putting the model's sections into the frame. The frame is the offline composer's own rendering of the
 * template from the fields (composeDraft with `content`), so everything outside the sections is byte for byte
 * what the offline draft has. While sections are still arriving, `readyPrefix` gives the text that can no
 * longer change: everything up to the end of the last part before the first section not yet settled.
 */
import type { Finding } from '../checks/types';
import { composeDraft, type ComposeInput, type ComposedDraft } from '../templates/compose';
import { fromMarkdown } from '../text/document';
import type { DraftIssue } from './verify';

/** Stands for a section not settled yet; never sent (the prefix stops before its part). */
const PENDING = '\uE000';

export type FrameInput = Omit<ComposeInput, 'content' | 'keyPoints' | 'passages' | 'allowMissing'>;

export function assemble(frame: FrameInput, content: ReadonlyMap<string, readonly string[]>): ComposedDraft {
  return composeDraft({ ...frame, content });
}

/**
 * The settled prefix of the draft: `settled` holds the sections whose text is final (an empty list for one
 * that will stay empty); `written` are all the sections the model writes.
 */
export function readyPrefix(frame: FrameInput, written: readonly string[], settled: ReadonlyMap<string, readonly string[]>): { text: string; complete: boolean } {
  const content = new Map<string, readonly string[]>();
  for (const id of written) content.set(id, settled.get(id) ?? [PENDING]);
  const draft = assemble(frame, content);
  const pending = draft.layout.findIndex((p) => p.kind === 'section' && p.id !== undefined && written.includes(p.id) && !settled.has(p.id));
  if (pending === -1) return { text: draft.markdown, complete: true };
  return { text: pending === 0 ? '' : draft.markdown.slice(0, draft.layout[pending - 1].end), complete: false };
}

/** The frame with each written section shown as ⟦id⟧: what the model is told surrounds its sections. */
export function framePreview(frame: FrameInput, written: readonly string[]): string {
  return assemble(frame, new Map(written.map((id) => [id, [`⟦${id}⟧`]]))).markdown;
}

/** Issues as findings on the final draft (its Markdown read as the checker reads it). */
export function issuesAsFindings(markdown: string, draft: ComposedDraft, issues: readonly DraftIssue[]): Finding[] {
  const doc = fromMarkdown(markdown);
  const offsetOf = (i: number) => doc.blocks[i].offset ?? 0;
  return issues.map((issue) => {
    const part = draft.layout.find((p) => p.kind === 'section' && p.id === issue.section);
    let blockIndex = 0;
    let start = 0;
    let end = 0;
    if (part) {
      // The section's first block, or the block inside the section that holds the text.
      const inPart = doc.blocks.map((_, i) => i).filter((i) => offsetOf(i) >= part.start && offsetOf(i) <= part.end);
      blockIndex = inPart[0] ?? 0;
      if (issue.text) {
        for (const i of inPart) {
          const at = doc.blocks[i].text.indexOf(issue.text);
          if (at >= 0) {
            blockIndex = i;
            start = at;
            end = at + issue.text.length;
            break;
          }
        }
      }
    }
    const block = doc.blocks[blockIndex];
    return {
      ruleId: `drafting/${issue.code}`,
      level: issue.level,
      message: issue.message,
      block: block?.id ?? 'b0',
      start,
      end,
      text: block ? block.text.slice(start, end) : '',
      fixes: [],
    };
  });
}
