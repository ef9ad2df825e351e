/**
 * The bilingual check in the pane: the core's checkBilingual (rule set `bilingual`, offline and deterministic) on
 * either the two halves of this document (splitBilingual) or this document and a pasted version in the other
 * language. Findings in this document keep its block ids, so each can be selected there; findings in the pasted
 * text cannot. Loaded only when the officer compares (the core's name tables stay out of the pane's first chunk).
 */
import { checkBilingual, splitBilingual, type BilingualFinding } from '../../../core/bilingual';
import { fromPlainText, type DocumentModel } from '../../../core/text/document';
import { detectLanguage } from '../../../core/text/script';
import type { Lang } from '../../api/types';

export type CompareMode = 'halves' | 'pasted';
export type CompareProblem = 'noChinese' | 'noEnglish' | 'sameLanguage' | 'pasteFirst';

export interface ComparedFinding {
  finding: BilingualFinding;
  /** The finding points into the document (it can be selected there), not into the pasted text. */
  inDocument: boolean;
}

export interface Comparison {
  problem?: CompareProblem;
  findings: ComparedFinding[];
  /** pasted: the language of this document. */
  documentLang?: Lang;
}

const textOf = (doc: DocumentModel) => doc.blocks.map((b) => b.text).join('\n');

export function compareVersions(doc: DocumentModel, mode: CompareMode, pasted = ''): Comparison {
  if (mode === 'halves') {
    const { zh, en } = splitBilingual(doc);
    if (!zh.blocks.length) return { problem: 'noChinese', findings: [] };
    if (!en.blocks.length) return { problem: 'noEnglish', findings: [] };
    return { findings: checkBilingual(zh, en).map((finding) => ({ finding, inDocument: true })) };
  }
  if (!pasted.trim()) return { problem: 'pasteFirst', findings: [] };
  const pastedLang = detectLanguage(pasted);
  const documentLang = detectLanguage(textOf(doc));
  if (pastedLang === 'none') return { problem: 'pasteFirst', findings: [] };
  if (documentLang === 'none') return { problem: pastedLang === 'en' ? 'noChinese' : 'noEnglish', findings: [] };
  if (documentLang === pastedLang) return { problem: 'sameLanguage', findings: [] };
  const other = fromPlainText(pasted);
  const lang: Lang = documentLang === 'en' ? 'en' : 'zh-HK';
  const findings = lang === 'zh-HK' ? checkBilingual(doc, other) : checkBilingual(other, doc);
  return { documentLang: lang, findings: findings.map((finding) => ({ finding, inDocument: finding.document === lang })) };
}
