/**
 * Bilingual consistency (rule set `bilingual`): a Chinese and an English version of one paper compared paragraph
 * by paragraph for numbers, amounts, percentages, dates, times, reference numbers and official names.
 *
 *   const findings = checkBilingual(fromPlainText(zh), fromPlainText(en), { glossary: department.glossary });
 *   const { zh, en } = splitBilingual(doc); // the two halves of one bilingual document
 */
export { checkBilingual, alignBilingual, type BilingualFinding, type BilingualOptions, type AlignedParagraphs } from './check';
export { splitBilingual, type BilingualHalves } from './split';
export { extractFacts, type Fact, type FactKind, type ParagraphFacts } from './facts';
export { parseZhNumber, parseEnWords } from './numbers';
export { BILINGUAL_RULES, BILINGUAL_RULE_SET_ID, bilingualRuleSet, type BilingualRule } from './rules';
