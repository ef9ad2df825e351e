/**
 * The everyday actions' deterministic core: what Wenshu does with no model (formalise, polish, glossary-only
 * translation, extractive summary, minutes laid into the template), and the glossary help a model gets and is
 * checked against. Every action returns the text and notes that say what was done, in both languages.
 */
export * from './types';
export { formalise, polishOffline, type FormaliseOptions } from './formalise';
export { translateGlossaryOnly, glossaryPairsFor, glossaryDeviations, type GlossaryPair, type Direction } from './translate';
export { summariseExtractive, centrality, type SummaryOptions, type SummaryResult, type SummarySentence } from './summarise';
export { minutesFromNotes, type MinutesOptions, type MinutesResult, type MinutesSection, type MinutesStyle } from './minutes';
export { nameIndex, type NameEntry, type NameHit, type NameIndex } from './names';
export { GOV_NAMES, type GovName } from './gov-names';
export { applyHouseFixes, type Change, type HouseFixResult } from './house-fixes';
