/** Findings located in a file: code-point offsets and 1-based lines and columns (see positions.ts). */
import type { Finding, Fix, Level, Message } from '../core/checks';
import type { DocumentFormat, ReadResult } from '../node/readers';
import type { FoundProvenance } from '../node/readers/docx-provenance';
import { blockStarts, PositionMap } from './positions';

export interface LocatedFinding {
  ruleId: string;
  level: Level;
  message: Message;
  /** 1-based, code points. */
  line: number;
  column: number;
  /** Where the finding ends (exclusive), 1-based, code points. */
  endLine: number;
  endColumn: number;
  /** Code points from the start of the file's text. */
  offset: number;
  /** In code points. */
  length: number;
  text: string;
  fixes: Fix[];
  /** UTF-16 offsets into the file's text, for applying fixes. */
  start16: number;
  end16: number;
}

export interface FileReport {
  /** As given on the command line. */
  path: string;
  format: DocumentFormat;
  findings: LocatedFinding[];
  /** Set by --fix: how many fixes were written to the file. */
  fixesApplied?: number;
  /** .docx: the Wenshu drafts in it and their provenance records. */
  provenance?: FoundProvenance[];
}

const LEVEL_ORDER: Record<Level, number> = { error: 0, warning: 1, suggestion: 2 };

export function locate(read: ReadResult, findings: readonly Finding[]): LocatedFinding[] {
  const starts = blockStarts(read.model);
  const map = new PositionMap(read.text);
  const out = findings.map((f): LocatedFinding => {
    const base = starts.get(f.block) ?? 0;
    const start16 = base + f.start;
    const end16 = base + Math.max(f.end, f.start);
    const from = map.at(start16);
    const to = map.at(end16);
    return {
      ruleId: f.ruleId,
      level: f.level,
      message: f.message,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      offset: from.offset,
      length: to.offset - from.offset,
      text: f.text,
      fixes: f.fixes.map((x) => ({ replacement: x.replacement })),
      start16,
      end16,
    };
  });
  return out.sort((a, b) => a.start16 - b.start16 || a.end16 - b.end16 || LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.ruleId.localeCompare(b.ruleId));
}

export interface Totals {
  error: number;
  warning: number;
  suggestion: number;
  files: number;
}

export function totals(reports: readonly FileReport[]): Totals {
  const t: Totals = { error: 0, warning: 0, suggestion: 0, files: reports.length };
  for (const r of reports) for (const f of r.findings) t[f.level]++;
  return t;
}
