/**
 * `check --fix` on a .txt or .md file: the fix of every finding that has exactly one (a finding offering a choice,
 * such as 佢 → 他/她/它, is left for the officer), applied to the file's own text (so CRLF
 * line ends, Markdown markers and everything the checker does not see stay as they were). Findings are taken in
 * order of position; one whose range overlaps a fix already taken is left for the next check, as the add-in does
 * (core/checks/fix.ts).
 */
import type { LocatedFinding } from './report';

export function applyTextFixes(text: string, findings: readonly LocatedFinding[]): { text: string; applied: number; skipped: number } {
  const fixable = findings.filter((f) => f.fixes.length === 1).sort((a, b) => a.start16 - b.start16 || a.end16 - b.end16);
  const chosen: LocatedFinding[] = [];
  let reach = -1;
  let skipped = 0;
  for (const f of fixable) {
    // Overlapping, or a second insertion at the very point the previous fix ends.
    if (f.start16 < reach || (f.start16 === f.end16 && f.start16 === reach)) {
      skipped++;
      continue;
    }
    chosen.push(f);
    reach = f.end16;
  }
  let out = text;
  for (let i = chosen.length - 1; i >= 0; i--) {
    const f = chosen[i];
    out = out.slice(0, f.start16) + f.fixes[0].replacement + out.slice(f.end16);
  }
  return { text: out, applied: chosen.length, skipped };
}
