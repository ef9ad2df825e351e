/**
 * The template-pack format: `department.yaml` and `<template>/template.yaml` (see templates/README.md).
 *
 * Bodies. Each template has one Markdown body per language: `body.zh-HK.md` and `body.en.md`
 * (`body.md` is used for any language without its own file; `.docx` bodies follow the same naming).
 * A body is text with:
 *   {{field}}            the value of a declared field (dates formatted for the body's language)
 *   {{today}} {{weekday}} {{department}} {{signatory}} {{salutation}} {{close}}
 *                        built-ins (see BUILTIN_PLACEHOLDERS)
 *   {{#section id}}      on a line of its own: the start of section `id` (declared under `sections:`)
 *   {{/section}}         on a line of its own: its end
 *   {{title}}            inside a section: the section's title in the body's language
 *   {{points}}           inside a section that accepts key points: the key points placed there; a line holding
 *                        it is repeated once per point ("- {{points}}" gives a list), a line with only it gives
 *                        one paragraph per point
 * A line whose placeholders are all empty (an optional field left blank) is dropped, so optional lines such as
 * "Your Ref.: {{yourRef}}" disappear cleanly. Sections are not nested, and appear in the order declared.
 */
import { z } from 'zod';
import { RuleSpecSchema, RULE_ID } from '../checks/spec';
import type { Classification } from '../checks/types';

export const LANGS = ['zh-HK', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LangSchema = z.enum(LANGS);

const CLASSIFICATION_VALUES = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
// Keeps this list and the engine's Classification type in step at compile time.
const _sameClassifications: readonly Classification[] = CLASSIFICATION_VALUES;
void _sameClassifications;
export const ClassificationSchema = z.enum(CLASSIFICATION_VALUES);

/** Rule sets the engine ships (src/core/checks/rulesets); templates and departments may only name these. */
export const BUILTIN_RULE_SET_IDS = [
  'hk-zh-formal',
  'hk-zh-punctuation',
  'hk-zh-characters',
  'hk-en-style',
  'hk-gov-structure',
  'hk-gov-names',
  'pii',
  'classification',
] as const;
export type BuiltinRuleSetId = (typeof BUILTIN_RULE_SET_IDS)[number];
export const RuleSetIdSchema = z.enum(BUILTIN_RULE_SET_IDS);

export const KINDS = ['memo', 'letter', 'circular', 'minutes', 'press-release', 'email-reply'] as const;
export const FIELD_TYPES = ['text', 'longtext', 'date', 'reference', 'person', 'enum'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Placeholders every body may use besides its fields. `title` and `points` only inside a section. */
export const BUILTIN_PLACEHOLDERS = ['today', 'weekday', 'department', 'signatory', 'salutation', 'close', 'title', 'points'] as const;
export type BuiltinPlaceholder = (typeof BUILTIN_PLACEHOLDERS)[number];

export const PACK_ID = /^[a-z][a-z0-9-]*$/;
export const FIELD_ID = /^[a-z][A-Za-z0-9]*$/;
export const SECTION_ID = /^[a-z][a-z0-9-]*$/;
const PACK_ID_MESSAGE = 'must be lower-case letters, digits and hyphens, starting with a letter';

const text = z.string().trim().min(1);

export const BilingualSchema = z
  .object({
    'zh-HK': text.describe('Traditional Chinese (Hong Kong)'),
    en: text.describe('English (British spelling)'),
  })
  .strict();
export type Bilingual = z.infer<typeof BilingualSchema>;

/** True when `source` compiles as the engine compiles patterns (flag `u`). */
export function isValidRegex(source: string): boolean {
  return regexError(source) === undefined;
}

export function regexError(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
    return undefined;
  } catch (err) {
    // V8 says "Invalid regular expression: /src/u: reason"; the reason is what the author needs.
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// department.yaml

export const GlossaryTermSchema = z
  .object({
    en: text,
    'zh-HK': text,
    deprecated: z
      .object({ en: z.array(text).optional(), 'zh-HK': z.array(text).optional() })
      .strict()
      .optional()
      .describe('Forms to replace by the preferred term (outdated names, wrong characters).'),
    note: z.string().optional(),
  })
  .strict();

export const ProviderSchema = z
  .object({
    id: z.string().regex(PACK_ID, PACK_ID_MESSAGE),
    external: z.boolean().describe('True when text leaves the government network.'),
    maxClassification: ClassificationSchema.describe('The highest classification this provider may receive.'),
  })
  .strict();

export const DepartmentSchema = z
  .object({
    id: z.string().regex(PACK_ID, PACK_ID_MESSAGE).describe('Lower-case id, the same as the folder name, e.g. fehd.'),
    names: BilingualSchema,
    glossary: z.array(GlossaryTermSchema).default([]),
    houseRules: z
      .object({
        ruleSets: z.partialRecord(RuleSetIdSchema, z.boolean()).default({}).describe('Built-in rule sets switched on (true) or off (false).'),
        rules: z
          .record(z.string().regex(RULE_ID, 'rule ids are lower-case words joined by hyphens'), RuleSpecSchema)
          .default({})
          .describe('Department rules, in the same declarative format as the built-in rule sets.'),
      })
      .strict()
      .default({ ruleSets: {}, rules: {} }),
    policy: z
      .object({
        providers: z.array(ProviderSchema).min(1),
        keepText: z
          .object({ days: z.number().int().min(0) })
          .strict()
          .optional()
          .describe('Keep draft text in the audit store for this many days; hashes only when absent.'),
        plan: z.enum(['free', 'paid']).optional(),
        unmarked: ClassificationSchema.default('UNCLASSIFIED').describe(
          'The classification of text that carries no marking and no declaration (x-wenshu-classification), e.g. RESTRICTED for a department whose ordinary correspondence is restricted.',
        ),
      })
      .strict(),
    signatory: z
      .object({
        name: z.object({ 'zh-HK': text.optional(), en: text.optional() }).strict().optional().describe('Default signing officer.'),
        signsFor: BilingualSchema.describe('The post signed for, e.g. "Director of Food and Environmental Hygiene" / 食物環境衞生署署長.'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((dept, ctx) => {
    dept.policy.providers.forEach((p, i) => {
      if (dept.policy.providers.findIndex((q) => q.id === p.id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['policy', 'providers', i, 'id'], message: `repeats provider id "${p.id}"` });
      }
    });
  });

export type DepartmentSpec = z.output<typeof DepartmentSchema>;
export type DepartmentSpecInput = z.input<typeof DepartmentSchema>;

// ---------------------------------------------------------------------------------------------------------------
// template.yaml

export const FieldOptionSchema = z.object({ value: text, labels: BilingualSchema }).strict();

export const FieldSchema = z
  .object({
    id: z.string().regex(FIELD_ID, 'must be camelCase: a lower-case letter, then letters and digits'),
    labels: BilingualSchema,
    help: BilingualSchema.optional(),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('JavaScript regular expression (flag u) the whole value must match, e.g. ^\\d+/\\d{4}$.'),
    options: z.array(FieldOptionSchema).min(1).optional().describe('The choices of an enum field.'),
    default: z
      .union([z.string(), BilingualSchema])
      .optional()
      .describe('Used when no value is given; per language when a mapping. For dates: YYYY-MM-DD or "today".'),
  })
  .strict();
export type FieldSpec = z.output<typeof FieldSchema>;

export const SectionSchema = z
  .object({
    id: z.string().regex(SECTION_ID, PACK_ID_MESSAGE),
    titles: BilingualSchema,
    required: z.boolean().default(false),
    guidance: z
      .object({
        writer: BilingualSchema.optional().describe('Shown to the officer.'),
        model: z.string().optional().describe('Given to the model when it drafts this section.'),
      })
      .strict()
      .optional(),
    acceptsKeyPoints: z.boolean().default(false).describe('Key points may be placed in this section ({{points}} in the body).'),
    keywords: z.array(text).default([]).describe('Words that send a key point here when several sections accept key points.'),
  })
  .strict();
export type SectionSpec = z.output<typeof SectionSchema>;

export const TemplateSchema = z
  .object({
    id: z.string().regex(PACK_ID, PACK_ID_MESSAGE).describe('The same as the folder name.'),
    version: z
      .string()
      .regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$/, 'must be a short version label such as "2.1" or "2026-11"')
      .optional()
      .describe('The department\'s own version label, reported with the content hash in GET /v1/templates and drafts\' provenance.'),
    kind: z.enum(KINDS),
    titles: BilingualSchema,
    description: BilingualSchema,
    languages: z.array(LangSchema).min(1),
    classification: ClassificationSchema.default('UNCLASSIFIED').describe('Default classification of drafts.'),
    addressee: z.string().optional().describe('The person field {{salutation}} and {{close}} are derived from.'),
    signatory: z.string().optional().describe('The person field naming the signing officer in {{signatory}}.'),
    fields: z.array(FieldSchema).default([]),
    sections: z.array(SectionSchema).min(1),
    ruleSets: z.array(RuleSetIdSchema).default([]).describe('Rule sets drafts from this template are checked with.'),
    citations: z.boolean().default(false).describe('Drafts may cite passages from the department knowledge.'),
    paragraphNumbers: z
      .enum(['none', 'from-second', 'all'])
      .default('none')
      .describe('Number the paragraphs of the sections: "from-second" leaves the first unnumbered and numbers the rest 2., 3., … (the HK letter and memo convention); "all" numbers from 1.'),
  })
  .strict()
  .superRefine((t, ctx) => {
    const fieldIds = new Set<string>();
    t.fields.forEach((f, i) => {
      const at = (...rest: (string | number)[]) => ['fields', i, ...rest];
      if (fieldIds.has(f.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `repeats field id "${f.id}"` });
      fieldIds.add(f.id);
      if ((BUILTIN_PLACEHOLDERS as readonly string[]).includes(f.id)) {
        ctx.addIssue({ code: 'custom', path: at('id'), message: `"${f.id}" is a built-in placeholder and cannot be a field id` });
      }
      if (f.type === 'enum' && !f.options) ctx.addIssue({ code: 'custom', path: at('type'), message: 'is enum, so options are required' });
      if (f.type !== 'enum' && f.options) ctx.addIssue({ code: 'custom', path: at('options'), message: `are only for enum fields (this one is ${f.type})` });
      if (f.pattern !== undefined) {
        const problem = regexError(f.pattern);
        if (problem) ctx.addIssue({ code: 'custom', path: at('pattern'), message: `is not a valid regular expression: ${problem}` });
        if (f.type === 'enum' || f.type === 'date') ctx.addIssue({ code: 'custom', path: at('pattern'), message: `does not apply to ${f.type} fields` });
      }
      const defaults = f.default === undefined ? [] : typeof f.default === 'string' ? [f.default] : [f.default['zh-HK'], f.default.en];
      for (const d of defaults) {
        if (f.type === 'enum' && f.options && !f.options.some((o) => o.value === d)) {
          ctx.addIssue({ code: 'custom', path: at('default'), message: `must be one of the options ${f.options.map((o) => o.value).join(', ')} (got "${d}")` });
        }
        if (f.type === 'date' && d !== 'today' && !/^\d{4}-\d{2}-\d{2}$/.test(d)) {
          ctx.addIssue({ code: 'custom', path: at('default'), message: `must be YYYY-MM-DD or "today" (got "${d}")` });
        }
        if (f.pattern && !regexError(f.pattern) && !new RegExp(f.pattern, 'u').test(d)) {
          ctx.addIssue({ code: 'custom', path: at('default'), message: `does not match the field's pattern (got "${d}")` });
        }
      }
    });
    const sectionIds = new Set<string>();
    t.sections.forEach((s, i) => {
      if (sectionIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'id'], message: `repeats section id "${s.id}"` });
      sectionIds.add(s.id);
    });
    t.languages.forEach((l, i) => {
      if (t.languages.indexOf(l) !== i) ctx.addIssue({ code: 'custom', path: ['languages', i], message: `repeats ${l}` });
    });
    t.ruleSets.forEach((r, i) => {
      if (t.ruleSets.indexOf(r) !== i) ctx.addIssue({ code: 'custom', path: ['ruleSets', i], message: `repeats ${r}` });
    });
    for (const role of ['addressee', 'signatory'] as const) {
      const id = t[role];
      if (id === undefined) continue;
      const field = t.fields.find((f) => f.id === id);
      if (!field) ctx.addIssue({ code: 'custom', path: [role], message: `names "${id}", which is not a declared field` });
      else if (field.type !== 'person') ctx.addIssue({ code: 'custom', path: [role], message: `names "${id}", a ${field.type} field; it must be a person field` });
    }
  });

export type TemplateSpec = z.output<typeof TemplateSchema>;
export type TemplateSpecInput = z.input<typeof TemplateSchema>;
