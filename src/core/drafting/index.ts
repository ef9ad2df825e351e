/** Drafting with a model, the pure part: sections read, normalised, verified and assembled into the frame. */
export { ModelDraft, type ModelDraftSetup, type DraftOutcome, type SectionPart } from './model-draft';
export { assemble, framePreview, readyPrefix, issuesAsFindings, type FrameInput } from './assemble';
export { parseAnswer, delimitedBlocks, sectionTag, type ParsedAnswer, type AnswerFormat, type SectionRef } from './sections';
export { normaliseSection, type NormalisedSection } from './normalise';
export { tidySection, stripEmphasis, type Applied, type NormalisationKind } from './tidy';
export { toHongKongTraditional, hasSimplified, simplifiedCharacters } from './hk-chinese';
export { toHongKongVocabulary } from './vocabulary';
export { verifySections, type DraftIssue, type IssueCode, type VerifyInput } from './verify';
export { findFacts, indexInputs, inInputs, type Fact, type FactKind } from './facts';
export { defuse, holdsTag, TAG_WORDS } from './defuse';
