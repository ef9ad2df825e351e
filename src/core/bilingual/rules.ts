/** The bilingual consistency rules: ids, levels and descriptions (for SARIF and the task pane). */
import { RuleSetSchema, type RuleSet } from '../checks/spec';
import type { Level, Message } from '../checks/types';

export interface BilingualRule {
  id: string;
  level: Level;
  description: Message;
}

export const BILINGUAL_RULE_SET_ID = 'bilingual';

export const BILINGUAL_RULES: readonly BilingualRule[] = [
  { id: 'amount', level: 'error', description: { en: 'An amount of money in one version is missing from the other or differs ($1.5 million, 150萬元 and HK$1,500,000 are the same).', 'zh-HK': '一個版本的金額在另一版本欠缺或不同（$1.5 million、150萬元及HK$1,500,000視為相同）。' } },
  { id: 'percentage', level: 'error', description: { en: 'A percentage (or percentage points) in one version is missing from the other or differs (5%, 5 per cent and 百分之五 are the same).', 'zh-HK': '一個版本的百分比（或百分點）在另一版本欠缺或不同（5%、5 per cent及百分之五視為相同）。' } },
  { id: 'date', level: 'error', description: { en: 'A date in one version is missing from the other or differs (28 November 2026 and 2026年11月28日 are the same).', 'zh-HK': '一個版本的日期在另一版本欠缺或不同（28 November 2026與2026年11月28日視為相同）。' } },
  { id: 'time', level: 'error', description: { en: 'A time of day in one version is missing from the other or differs (3:00 pm and 下午3時 are the same).', 'zh-HK': '一個版本的時間在另一版本欠缺或不同（3:00 pm與下午3時視為相同）。' } },
  { id: 'reference', level: 'error', description: { en: 'A reference number (file reference, Cap. number, telephone number) in one version is missing from the other or differs.', 'zh-HK': '一個版本的編號（檔號、法例章號、電話號碼）在另一版本欠缺或不同。' } },
  { id: 'number', level: 'warning', description: { en: 'Another number (a count, a year, an ordinal) in one version is not in the other or differs.', 'zh-HK': '一個版本的其他數字（數目、年份、序數）在另一版本欠缺或不同。' } },
  { id: 'name', level: 'error', description: { en: 'An official name (department glossary, bureaux and departments) in one version is missing from the other or is a different body.', 'zh-HK': '一個版本的正式名稱（部門詞彙表、政策局及部門）在另一版本欠缺或指向另一機構。' } },
  { id: 'order', level: 'warning', description: { en: 'The same amounts or percentages appear in a different order in the two versions: they may have been swapped.', 'zh-HK': '兩個版本的金額或百分比次序不同，可能被對調。' } },
  { id: 'paragraph', level: 'warning', description: { en: 'A paragraph of one version has no counterpart in the other.', 'zh-HK': '一個版本的段落在另一版本沒有對應段落。' } },
  { id: 'glossary', level: 'error', description: { en: 'A glossary term in the source is not rendered with its official counterpart in the result, or a deprecated form is used.', 'zh-HK': '原文的詞彙表用語在結果中沒有按正式譯名寫出，或用了已棄用的寫法。' } },
];

let ruleSet: RuleSet | undefined;

/** The bilingual rules as a rule set, for SARIF's rule descriptions (they are checked by checkBilingual, not the engine). */
export function bilingualRuleSet(): RuleSet {
  ruleSet ??= RuleSetSchema.parse({
    id: BILINGUAL_RULE_SET_ID,
    name: { 'zh-HK': '中英文本一致', en: 'Bilingual consistency' },
    description: 'Numbers, amounts, percentages, dates, times, reference numbers and official names that differ between the Chinese and English versions.',
    rules: Object.fromEntries(
      BILINGUAL_RULES.map((r) => [r.id, { extends: 'existence', description: r.description.en, message: { 'zh-HK': r.description['zh-HK'], en: r.description.en }, level: r.level }]),
    ),
  });
  return ruleSet;
}
