/**
 * Cross-language query expansion through term pairs: when a query contains one side of a pair (or one of its
 * deprecated forms), the other side is searched for too, so "food business licence" also finds 食物業牌照 and
 * 駕駛執照續期 also finds "driving licence renewal". Pairs come from the department's glossary
 * (department.yaml), the knowledge glossaries (templates/<dept>/knowledge/glossary.yaml and
 * templates/shared/knowledge/glossary.yaml) and a small built-in list of general administrative vocabulary.
 *
 * English sides match on stems in sequence ("licences renewed" contains "licence renewal"); Chinese sides match
 * as substrings after normalisation (Traditional and Simplified alike). Parenthesised parts ("(Cap. 374)",
 * "（第374章）") and 《》 are left out when matching but kept in what is added.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fold, toSimplified } from './normalize';
import { analyze } from './tokenize';

export interface TermPair {
  en: string;
  'zh-HK': string;
  deprecated?: { en?: string[]; 'zh-HK'?: string[] };
}

/** General administrative vocabulary, for every department. */
export const GENERAL_TERMS: readonly TermPair[] = [
  { en: 'application', 'zh-HK': '申請' },
  { en: 'apply', 'zh-HK': '申請' },
  { en: 'fee', 'zh-HK': '費用' },
  { en: 'complaint', 'zh-HK': '投訴' },
  { en: 'enquiry', 'zh-HK': '查詢' },
  { en: 'licence', 'zh-HK': '牌照' },
  { en: 'permit', 'zh-HK': '許可證' },
  { en: 'inspection', 'zh-HK': '巡查' },
  { en: 'prosecution', 'zh-HK': '檢控' },
  { en: 'prosecuted', 'zh-HK': '檢控' },
  { en: 'fixed penalty', 'zh-HK': '定額罰款' },
  { en: 'penalty', 'zh-HK': '罰款' },
  { en: 'fine', 'zh-HK': '罰款' },
  { en: 'offence', 'zh-HK': '違法' },
  { en: 'appeal', 'zh-HK': '上訴' },
  { en: 'dispute', 'zh-HK': '爭議' },
  { en: 'online', 'zh-HK': '網上' },
  { en: 'hotline', 'zh-HK': '熱線' },
  { en: 'personal data', 'zh-HK': '個人資料' },
  { en: 'refund', 'zh-HK': '退還' },
  { en: 'working days', 'zh-HK': '工作天' },
  { en: 'calendar days', 'zh-HK': '曆日' },
  { en: 'interim reply', 'zh-HK': '初步回覆' },
  { en: 'reply', 'zh-HK': '回覆' },
  { en: 'referral', 'zh-HK': '轉介' },
  { en: 'referred', 'zh-HK': '轉介' },
  { en: 'anonymous', 'zh-HK': '匿名' },
  { en: 'District Council', 'zh-HK': '區議會' },
  { en: 'consultation', 'zh-HK': '諮詢' },
  { en: 'Police', 'zh-HK': '警方' },
  { en: 'enforcement', 'zh-HK': '執法' },
  { en: 'warning', 'zh-HK': '警告' },
  { en: 'cleaning', 'zh-HK': '清潔' },
  { en: 'hygiene', 'zh-HK': '衞生' },
  { en: 'refuse collection', 'zh-HK': '垃圾收集' },
  { en: 'market', 'zh-HK': '街市' },
  { en: 'Ombudsman', 'zh-HK': '申訴專員' },
  { en: 'Octopus', 'zh-HK': '八達通' },
  { en: 'elderly', 'zh-HK': '長者' },
  { en: 'persons with disabilities', 'zh-HK': '殘疾人士' },
  { en: 'subsidy', 'zh-HK': '補貼' },
  { en: 'bus', 'zh-HK': '巴士' },
  { en: 'camera', 'zh-HK': '攝影機' },
  { en: 'parking', 'zh-HK': '泊車' },
];

interface CompiledPair {
  /** Stem sequences of the English side and its deprecated forms. */
  en: string[][];
  /** Normalised Chinese side and its deprecated forms. */
  zh: string[];
  addEn: string;
  addZh: string;
}

/** The core of a term for matching: without parenthesised parts and book-title marks. */
function core(term: string): string {
  return term
    .replace(/[（(][^（）()]*[）)]/g, ' ')
    .replace(/[《》〈〉「」『』"]/g, '')
    .trim();
}

function zhKey(term: string): string {
  return toSimplified(fold(core(term))).replace(/[^\p{Script=Han}0-9a-z]/gu, '');
}

function enKey(term: string): string[] {
  return analyze(core(term)).words;
}

export class Glossary {
  private readonly pairs: CompiledPair[] = [];

  constructor(pairs: readonly TermPair[]) {
    for (const p of pairs) {
      if (!p.en?.trim() || !p['zh-HK']?.trim()) continue;
      const en = [p.en, ...(p.deprecated?.en ?? [])].map(enKey).filter((k) => k.length > 0);
      const zh = [p['zh-HK'], ...(p.deprecated?.['zh-HK'] ?? [])].map(zhKey).filter((k) => k.length > 0);
      this.pairs.push({ en, zh, addEn: p.en, addZh: p['zh-HK'] });
    }
  }

  get size(): number {
    return this.pairs.length;
  }

  /** Text to search for besides the query: the other side (and the preferred form) of every pair it mentions. */
  expand(query: string): string[] {
    const words = analyze(query).words;
    const zh = toSimplified(fold(query)).replace(/[^\p{Script=Han}0-9a-z]/gu, '');
    const out = new Set<string>();
    for (const p of this.pairs) {
      const enHit = p.en.some((seq) => containsSequence(words, seq));
      const zhHit = !enHit && zh.length > 0 && p.zh.some((k) => zh.includes(k));
      if (enHit) {
        out.add(p.addZh);
        out.add(p.addEn);
      } else if (zhHit) {
        out.add(p.addEn);
        out.add(p.addZh);
      }
    }
    return [...out];
  }
}

function containsSequence(words: readonly string[], seq: readonly string[]): boolean {
  if (!seq.length || seq.length > words.length) return false;
  outer: for (let i = 0; i + seq.length <= words.length; i++) {
    for (let j = 0; j < seq.length; j++) if (words[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

/** Reads a knowledge glossary (a YAML list of {en, zh-HK, deprecated?}); problems are returned, not thrown. */
export function readGlossaryFile(file: string): { pairs: TermPair[]; problem?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { pairs: [] };
    return { pairs: [], problem: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    return { pairs: [], problem: `is not valid YAML (${(err as Error).message.split('\n')[0]})` };
  }
  if (data === null || data === undefined) return { pairs: [] };
  if (!Array.isArray(data)) return { pairs: [], problem: 'must be a list of term pairs ({ en: ..., zh-HK: ... })' };
  const pairs: TermPair[] = [];
  let bad = 0;
  for (const item of data) {
    if (item && typeof item === 'object' && typeof (item as TermPair).en === 'string' && typeof (item as TermPair)['zh-HK'] === 'string') pairs.push(item as TermPair);
    else bad++;
  }
  return { pairs, problem: bad ? `${bad} entr${bad === 1 ? 'y is' : 'ies are'} not term pairs ({ en: ..., zh-HK: ... }) and were left out` : undefined };
}
