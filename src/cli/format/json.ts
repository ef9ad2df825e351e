/**
 * `--format json`: exactly one object on stdout,
 *   {"files":[{"path","findings":[{"ruleId","level","message":{"zh-HK","en"},"line","column","offset","length","text","fixes":[{"replacement"}]}]}]}
 * line and column are 1-based and, like offset and length, count Unicode code points of the file's text (for
 * .docx and .eml, of the extracted text: the blocks joined by "\n"). After --fix a file also has "fixesApplied"; a
 * .docx holding Wenshu drafts has "provenance": [{"draftId","record","inDocument"}].
 */
import type { FileReport } from '../report';

export function jsonReport(reports: readonly FileReport[]): { files: unknown[] } {
  return {
    files: reports.map((r) => ({
      path: r.path,
      ...(r.fixesApplied !== undefined ? { fixesApplied: r.fixesApplied } : {}),
      ...(r.provenance ? { provenance: r.provenance } : {}),
      findings: r.findings.map((f) => ({
        ruleId: f.ruleId,
        level: f.level,
        message: { 'zh-HK': f.message['zh-HK'], en: f.message.en },
        line: f.line,
        column: f.column,
        offset: f.offset,
        length: f.length,
        text: f.text,
        fixes: f.fixes.map((x) => ({ replacement: x.replacement })),
      })),
    })),
  };
}

export function formatJson(reports: readonly FileReport[]): string {
  return `${JSON.stringify(jsonReport(reports), null, 2)}\n`;
}
