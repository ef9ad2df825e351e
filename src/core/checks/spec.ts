/**
 * The declarative rule format (in the spirit of Vale): every rule names the rule type it `extends`,
 * a bilingual `message` with `%s` placeholders, a `level`, and a `scope`. Built-in rule sets
 * (src/core/checks/rulesets/*.yaml) and department rules (department.yaml `rules:`) share it.
 */
import { z } from 'zod';

export const LevelSchema = z.enum(['error', 'warning', 'suggestion']);

export const MessageSchema = z
  .object({
    'zh-HK': z.string().min(1),
    en: z.string().min(1),
  })
  .strict();

/** Which blocks a rule reads: by language of the block and by block kind. */
export const ScopeSchema = z.enum(['any', 'zh', 'en']);

const base = {
  message: MessageSchema,
  level: LevelSchema,
  scope: ScopeSchema.default('any'),
  /** Block kinds the rule applies to; all when absent. */
  kinds: z.array(z.enum(['heading', 'paragraph', 'list-item', 'table-cell'])).optional(),
  /** Why the rule exists; shown in docs and tooltips. */
  description: z.string().optional(),
};

/**
 * Context conditions of the literal rule types (existence, substitution, script): where a token counts, instead of
 * lists of longer words that happen to contain it. A character class is either the characters themselves
 * ("不未") or a regular-expression class ("[\\p{Script=Han}]").
 */
export const ContextConditionSchema = z
  .object({
    /** The token does not count right after one of these characters. */
    notPrecededBy: z.string().min(1).optional(),
    /** The token does not count right before one of these characters. */
    notFollowedBy: z.string().min(1).optional(),
    /** The token counts only right after one of these characters (a class as above): 蚊 after a number (十蚊). */
    precededBy: z.string().min(1).optional(),
    /** The token counts only right after one of these words (or right before one of `before`, when both are given). */
    after: z.array(z.string().min(1)).min(1).optional(),
    /** The token counts only right before one of these words: 支持 in 支持服務 (support services), not 支持政策. */
    before: z.array(z.string().min(1)).min(1).optional(),
    /** `particle`: only where the token ends a clause (end of text, punctuation, a space, or another token of the rule). */
    position: z.enum(['any', 'particle']).optional(),
    /**
     * Only where the token is a whole word (the word-boundary model): 而家 in 然而家傭 is not. A string is a regular
     * expression choosing the tokens this applies to (`word: 著` for the tokens that contain 著).
     */
    word: z.union([z.boolean(), z.string().min(1)]).optional(),
  })
  .strict();
export type ContextCondition = z.infer<typeof ContextConditionSchema>;
/** When a finding's level is raised: the sentence is otherwise Cantonese, or the document is a formal template kind. */
export const EscalateSchema = z
  .object({
    level: LevelSchema,
    when: z.array(z.enum(['cantonese-sentence', 'formal-document'])).min(1),
  })
  .strict();
const context = {
  ...ContextConditionSchema.shape,
  /** Conditions for single tokens, on top of the rule's own. */
  contexts: z.record(z.string().min(1), ContextConditionSchema).default({}),
  /** Level inside quotation marks (「」『』“” and ASCII double quotes): quoted speech, not the writer's own words. */
  quoted: LevelSchema.optional(),
  /** Raise the level in a given context (e.g. a particle written Chinese also uses, in a Cantonese sentence). */
  escalate: EscalateSchema.optional(),
};
/** Flags every literal token (and every regex in `patterns`). Message: %s = the text found. */
export const ExistenceRule = z
  .object({
    extends: z.literal('existence'),
    ...base,
    tokens: z.array(z.string().min(1)).default([]),
    /** JavaScript regular expressions (flag `u` is always on). */
    patterns: z.array(z.string().min(1)).default([]),
    ignorecase: z.boolean().default(false),
    /** Fixed expressions that contain a token but are fine (e.g. 喇叭 for 喇); prefer context conditions. */
    exceptions: z.array(z.string().min(1)).default([]),
    ...context,
  })
  .strict();

/** Replaces each key of `swap` by its value. Message: %s = replacement, second %s = the text found. */
export const SubstitutionRule = z
  .object({
    extends: z.literal('substitution'),
    ...base,
    /** found -> replacement; a list offers several replacements (the first is the usual one). */
    swap: z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)])),
    ignorecase: z.boolean().default(false),
    exceptions: z.array(z.string().min(1)).default([]),
    /** Also find each key (and exception) in its Simplified spelling (信息 and 信息 -> 资讯 ...: 信息, 视频 as well as 視頻). */
    alsoSimplified: z.boolean().default(false),
    ...context,
  })
  .strict();

/** Counts units in a sentence (characters for Chinese, words for English). Message: %s = the count, second %s = max. */
export const OccurrenceRule = z
  .object({
    extends: z.literal('occurrence'),
    ...base,
    unit: z.enum(['chars', 'words']),
    max: z.number().int().positive(),
  })
  .strict();

/** Two spellings of one word must not both appear. Message: %s = the variant used first, second %s = the other one. */
export const ConsistencyRule = z
  .object({
    extends: z.literal('consistency'),
    ...base,
    either: z.record(z.string().min(1), z.string().min(1)),
    ignorecase: z.boolean().default(false),
  })
  .strict();

/** An abbreviation (regex `first`, group 1) must be defined (regex `second`, group 1) before its first use. Message: %s = the abbreviation. */
export const ConditionalRule = z
  .object({
    extends: z.literal('conditional'),
    ...base,
    first: z.string().min(1),
    second: z.string().min(1),
    exceptions: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** At least one of `patterns` (regexes) must appear somewhere in the document. Message: %s = the rule's `name`. */
export const RequiredRule = z
  .object({
    extends: z.literal('required'),
    ...base,
    name: z.object({ 'zh-HK': z.string(), en: z.string() }).strict(),
    patterns: z.array(z.string().min(1)).min(1),
    /** Only when the document looks like this (a regex over the whole text), e.g. a letter. */
    when: z.string().optional(),
    /** Document kinds the part is not expected in (e.g. email, email-reply), when the caller knows the kind. */
    exceptKinds: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * An opening (salutation) asks for a given closing. Message: %s = the expected close, second %s = the close found
 * (or the salutation when no close is found).
 */
export const PairingRule = z
  .object({
    extends: z.literal('pairing'),
    ...base,
    /** Regex matching any closing line, to find the one the document uses. */
    closes: z.string().min(1),
    pairs: z
      .array(
        z
          .object({
            open: z.string().min(1),
            close: z.string().min(1),
            /** The closing to suggest. */
            replacement: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/**
 * Characters of another script or variant (Simplified, non-HK forms). Runs only on Chinese blocks.
 * Message: %s = replacement(s), second %s = the character found.
 */
export const ScriptRule = z
  .object({
    extends: z.literal('script'),
    ...base,
    map: z.record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)])),
    exceptions: z.array(z.string().min(1)).default([]),
    /**
     * Choose among several forms by OpenCC's phrase data (头发 -> 頭髮, 复印 -> 複印); a character no phrase covers
     * offers every form, to be chosen by the officer.
     */
    phrases: z.boolean().default(false),
    ...context,
  })
  .strict();

/**
 * Punctuation in Chinese text: half-width marks next to Han characters, and Western quotes.
 * Message: %s = the full-width replacement, second %s = the mark found.
 */
export const PunctuationRule = z
  .object({
    extends: z.literal('punctuation'),
    ...base,
    /** half-width -> full-width, applied when the mark touches a Han character. */
    halfwidth: z.record(z.string().length(1), z.string().min(1)).default({}),
    /** Western quotation marks -> Chinese corner brackets, e.g. “ -> 「. */
    quotes: z.record(z.string().length(1), z.string().min(1)).default({}),
    /** ASCII double quotes around Chinese text ("會跟進") -> these marks, paired in order. */
    asciiQuotes: z.object({ open: z.string().min(1), close: z.string().min(1) }).strict().optional(),
    /** An ASCII comma between short items of a list of Chinese words (油麻地,旺角,深水埗) -> this mark (、). */
    listComma: z.string().min(1).optional(),
  })
  .strict();

/** Personal data. Message: %s = the kind of data (from `names`). */
export const PiiRule = z
  .object({
    extends: z.literal('pii'),
    ...base,
    kind: z.enum(['hkid', 'phone', 'email']),
    name: z.object({ 'zh-HK': z.string(), en: z.string() }).strict(),
    /** Email domains that are official, not personal (e.g. gov.hk). */
    allow: z.array(z.string()).default([]),
    /** Words just before a phone number that mark it as an office line (hotline, fax). */
    officialContext: z.array(z.string()).default([]),
    /** Level when the document carries a classification marking (the data is then marked). */
    markedLevel: LevelSchema.optional(),
  })
  .strict();

/** Security-classification markings at top and bottom. Message: %s = expected marking, second %s = what was found. */
export const ClassificationRule = z
  .object({
    extends: z.literal('classification'),
    ...base,
    check: z.enum(['top-bottom', 'consistent', 'declared']),
    markings: z
      .array(
        z
          .object({
            level: z.enum(['RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET']),
            en: z.string().min(1),
            'zh-HK': z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** Sections a template requires (hk-gov-structure). Message: %s = the section's title. */
export const StructureRule = z
  .object({
    extends: z.literal('structure'),
    ...base,
  })
  .strict();

export const RuleSpecSchema = z.discriminatedUnion('extends', [
  ExistenceRule,
  SubstitutionRule,
  OccurrenceRule,
  ConsistencyRule,
  ConditionalRule,
  RequiredRule,
  PairingRule,
  ScriptRule,
  PunctuationRule,
  PiiRule,
  ClassificationRule,
  StructureRule,
]);

export type RuleSpec = z.infer<typeof RuleSpecSchema>;
export type RuleSpecInput = z.input<typeof RuleSpecSchema>;

export const RULE_SET_ID = /^[a-z][a-z0-9-]*$/;
export const RULE_ID = /^[a-z][a-z0-9-]*$/;

export const RuleSetSchema = z
  .object({
    id: z.string().regex(RULE_SET_ID, 'rule set ids are lower-case words joined by hyphens'),
    name: MessageSchema,
    description: z.string().optional(),
    rules: z.record(z.string().regex(RULE_ID, 'rule ids are lower-case words joined by hyphens'), RuleSpecSchema),
  })
  .strict();

export type RuleSet = z.infer<typeof RuleSetSchema>;
export type RuleSetInput = z.input<typeof RuleSetSchema>;
