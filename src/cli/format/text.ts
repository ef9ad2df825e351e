/**
 * Terminal output: one finding a line, `path:line:column  level  message (ruleId)`, then a summary line
 * ("3 errors, 1 warning in 2 files"). Messages and the summary are in one language (see lang.ts). A .docx holding
 * Wenshu drafts gets their provenance after its findings.
 */
import type { Level } from '../../core/checks';
import { paint, type Paint } from '../io';
import type { Lang } from '../lang';
import { totals, type FileReport } from '../report';
import { provenanceLines } from './provenance';

export interface TextOptions {
  lang: Lang;
  colour: boolean;
}

const LEVEL_NAMES: Record<Lang, Record<Level, string>> = {
  en: { error: 'error', warning: 'warning', suggestion: 'suggestion' },
  'zh-HK': { error: '錯誤', warning: '警告', suggestion: '建議' },
};

export function formatText(reports: readonly FileReport[], options: TextOptions): string {
  const p = paint(options.colour);
  const names = LEVEL_NAMES[options.lang];
  const width = Math.max(0, ...reports.flatMap((r) => r.findings.map((f) => names[f.level].length)));
  const lines: string[] = [];
  for (const report of reports) {
    for (const f of report.findings) {
      const where = `${report.path}:${f.line}:${f.column}`;
      const level = levelColour(p, f.level)(names[f.level].padEnd(width));
      lines.push(`${p.bold(where)}  ${level}  ${oneLine(f.message[options.lang])} ${p.dim(`(${f.ruleId})`)}`);
    }
    if (report.provenance) lines.push(...provenanceLines(report.path, report.provenance, options.lang));
  }
  lines.push(summary(reports, options.lang, p));
  return `${lines.join('\n')}\n`;
}

function levelColour(p: Paint, level: Level): (s: string) => string {
  return level === 'error' ? p.red : level === 'warning' ? p.yellow : p.cyan;
}

/** A message that a rule wrote over several lines stays on the finding's line. */
function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

export function summary(reports: readonly FileReport[], lang: Lang, p: Paint = paint(false)): string {
  const t = totals(reports);
  if (lang === 'zh-HK') {
    const parts = [t.error && `${t.error} 項錯誤`, t.warning && `${t.warning} 項警告`, t.suggestion && `${t.suggestion} 項建議`].filter(Boolean);
    const where = `（共 ${t.files} 個檔案）`;
    if (!parts.length) return p.green(`沒有發現問題${where}`);
    const text = `${parts.join('、')}${where}`;
    return t.error ? p.red(text) : p.yellow(text);
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [t.error && count(t.error, 'error'), t.warning && count(t.warning, 'warning'), t.suggestion && count(t.suggestion, 'suggestion')].filter(Boolean);
  const where = `in ${count(t.files, 'file')}`;
  if (!parts.length) return p.green(`No problems found ${where}`);
  const text = `${parts.join(', ')} ${where}`;
  return t.error ? p.red(text) : p.yellow(text);
}
