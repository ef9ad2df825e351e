/**
 * The offline composer: a deterministic draft from a template, its fields and key points (and, where the
 * template allows citations, retrieved passages), with no model. Used by `wenshu draft` and as the gateway's
 * drafter when no model is configured. The document text carries nothing but the draft (so markings stay first
 * and last, and the house rules see a clean text); that it was drafted offline is said in `notice`.
 */
import type { Classification } from '../checks/types';
import { formatDate, hongKongDate, weekday } from './dates';
import { resolveFields, type FieldProblem } from './fields';
import { placeKeyPoints, tidyPoint } from './key-points';
import { classificationMarking } from './marking';
import { joinParts, renderBody, type RenderedPart } from './render';
import { deriveSalutation } from './salutation';
import type { Bilingual, Lang } from './schema';
import type { Department, Template } from './types';

export interface Passage {
  /** What the citation names, e.g. the document title. */
  title: string;
  text: string;
  id?: string;
  source?: string;
}

export interface ComposeInput {
  template: Template;
  department: Department;
  fields: Readonly<Record<string, string | undefined>>;
  keyPoints?: readonly string[];
  /** Defaults to the template's first language. */
  lang?: Lang;
  /** Defaults to now; the date is taken in Hong Kong time. */
  today?: Date;
  passages?: readonly Passage[];
  /** Overrides the template's default classification. */
  classification?: Classification;
  /**
   * Draft even when required fields are missing, showing their labels in brackets (for a live preview).
   * Otherwise missing fields throw a ComposeError.
   */
  allowMissing?: boolean;
  /**
   * The paragraphs of the sections a model wrote (section id -> paragraphs), put where the key points would
   * go. When given, key points and passages are not placed: the model already had them. Everything else (the
   * frame) is rendered exactly as for the offline draft.
   */
  content?: ReadonlyMap<string, readonly string[]>;
}

export interface DraftSection {
  id: string;
  title: string;
  text: string;
}

export interface MissingField {
  id: string;
  labels: Bilingual;
}

export interface ComposedDraft {
  markdown: string;
  /** Where each rendered part (frame text or section) lies in `markdown`, in order (UTF-16 offsets). */
  layout: Array<{ kind: 'text' | 'section'; id?: string; start: number; end: number }>;
  /** The sections that made it into the draft, in order. */
  sections: DraftSection[];
  missingFields: MissingField[];
  warnings: Bilingual[];
  lang: Lang;
  classification: Classification;
  composer: 'offline';
  notice: Bilingual;
  /** What a .docx body is filled from (docx-fill.ts): the same values and section text as the Markdown. */
  fill: DocxFillValues;
}

/**
 * The frame's values (fields as resolved, built-ins such as today, salutation and signatory) and, for each
 * section that made it into the draft, its title and the paragraphs that stand for its {{points}} (key points
 * offline, the model's text otherwise), numbered as in the Markdown.
 */
export interface DocxFillValues {
  values: Record<string, string>;
  sections: Array<{ id: string; title: string; points: string[] }>;
  marking?: string;
}

export const OFFLINE_NOTICE: Bilingual = {
  en: 'Drafted offline by Wenshu from the template, fields and key points; no language model was used. Check and complete it before use.',
  'zh-HK': '此草稿由文書通按範本、欄位及要點離線擬備，並未使用語言模型。使用前請核對及補充。',
};

/** Bad input to the composer: the message is one line, naming every field at fault with its labels. */
export class ComposeError extends Error {
  constructor(
    message: string,
    readonly problems: FieldProblem[],
    readonly zh: string,
  ) {
    super(message);
    this.name = 'ComposeError';
  }
}

export function composeDraft(input: ComposeInput): ComposedDraft {
  const { template, department } = input;
  const lang = input.lang ?? template.languages[0];
  const body = template.bodies[lang];
  if (!template.languages.includes(lang) || !body) {
    const msg = `${template.key} has no ${lang} version (languages: ${template.languages.join(', ')})`;
    throw new ComposeError(msg, [], `${template.key}沒有${lang}版本（提供：${template.languages.join('、')}）`);
  }
  const today = hongKongDate(input.today ?? new Date());
  const resolved = resolveFields(template, input.fields, lang, today);
  const problems: FieldProblem[] = [
    ...resolved.missing.map((f): FieldProblem => ({
      field: f.id,
      labels: f.labels,
      kind: 'missing',
      message: { en: `${f.id} (${f.labels.en} / ${f.labels['zh-HK']}) is required`, 'zh-HK': `必須填寫「${f.labels['zh-HK']}」（${f.id}）` },
    })),
    ...resolved.problems,
  ];
  const blocking = problems.filter((p) => p.kind !== 'missing' || !input.allowMissing);
  if (blocking.length) throw composeError(template.key, blocking);

  const values: Record<string, string> = { ...resolved.values };
  if (input.allowMissing) {
    for (const f of resolved.missing) values[f.id] = lang === 'en' ? `[${f.labels.en}]` : `〔${f.labels['zh-HK']}〕`;
  }
  const warnings: Bilingual[] = [];

  const salutation = deriveSalutation(template.addressee ? values[template.addressee] : undefined, lang);
  if (salutation.warning) warnings.push(salutation.warning);
  const signatoryName = (template.signatory ? values[template.signatory] : undefined) ?? department.signatory?.name?.[lang];
  Object.assign(values, {
    today: formatDate(today, lang),
    weekday: weekday(today, lang),
    department: department.names[lang],
    signatory: signatureBlock(department, signatoryName, lang),
    salutation: salutation.salutation,
    close: salutation.close,
  });

  let bySection: ReadonlyMap<string, readonly string[]>;
  if (input.content) {
    bySection = input.content;
  } else {
    const points = [...(input.keyPoints ?? [])];
    if (input.passages?.length) {
      if (template.citations) points.push(...input.passages.map((p) => cited(p, lang)));
      else warnings.push({ en: 'This template does not cite knowledge; the retrieved passages were left out.', 'zh-HK': '此範本不引用知識庫資料，檢索所得的段落未有納入。' });
    }
    const placed = placeKeyPoints(template.sections, points, lang);
    warnings.push(...placed.warnings);
    bySection = placed.bySection;
  }

  const titles = new Map(template.sections.map((s) => [s.id, s.titles[lang]]));
  const parts = renderBody(body.template, { values, points: bySection, titles }).filter((part) => {
    if (part.kind !== 'section' || !part.empty) return true;
    const section = template.sections.find((s) => s.id === part.id);
    if (!section?.required) return false;
    warnings.push({
      en: `The required section "${section.titles.en}" has no content yet; add key points for it.`,
      'zh-HK': `必要部分「${section.titles['zh-HK']}」尚未有內容，請為其加入要點。`,
    });
    return true;
  });

  const numbered = template.paragraphNumbers !== 'none' ? numberParagraphs(parts, template.paragraphNumbers === 'all' ? 1 : 2) : new Map<string, Map<string, string>>();

  const classification = input.classification ?? template.classification;
  const marking = classificationMarking(classification, lang);
  const text = joinParts(parts);
  const markdown = (marking ? `${marking}\n\n${text}\n\n${marking}` : text) + '\n';
  const layout: ComposedDraft['layout'] = [];
  let at = marking ? marking.length + 2 : 0;
  for (const part of parts) {
    if (part.text === '') continue;
    layout.push({ kind: part.kind, ...(part.kind === 'section' ? { id: part.id } : {}), start: at, end: at + part.text.length });
    at += part.text.length + 2;
  }

  return {
    markdown,
    layout,
    sections: parts.flatMap((p) => (p.kind === 'section' ? [{ id: p.id, title: titles.get(p.id) ?? p.id, text: p.text }] : [])),
    fill: {
      values,
      sections: parts.flatMap((p) =>
        p.kind === 'section' ? [{ id: p.id, title: titles.get(p.id) ?? p.id, points: (bySection.get(p.id) ?? []).map((t) => numbered.get(p.id)?.get(t) ?? t) }] : [],
      ),
      ...(marking ? { marking } : {}),
    },
    missingFields: input.allowMissing ? resolved.missing.map((f) => ({ id: f.id, labels: f.labels })) : [],
    warnings,
    lang,
    classification,
    composer: 'offline',
    notice: OFFLINE_NOTICE,
  };
}

/**
 * The sections whose content is written (by key points offline, by the model otherwise): those whose body has
 * {{points}}. The others are worded by the template from the fields, like the rest of the frame.
 */
export function writtenSections(template: Template, lang: Lang): string[] {
  const body = template.bodies[lang];
  if (!body) return [];
  const withPoints = new Set(body.template.placeholders.filter((p) => p.name === 'points' && p.section).map((p) => p.section as string));
  return template.sections.filter((s) => withPoints.has(s.id)).map((s) => s.id);
}

/**
 * Numbers the body paragraphs of the sections in document order ("2. …", "3. …"): the first paragraph keeps no
 * number when numbering starts at 2. Headings, list items and a section's title lines are not paragraphs.
 */
function numberParagraphs(parts: RenderedPart[], first: number): Map<string, Map<string, string>> {
  // Section id -> paragraph as written -> as numbered, so the .docx fill numbers its points as the Markdown does.
  const bySection = new Map<string, Map<string, string>>();
  let n = 0;
  for (const part of parts) {
    if (part.kind !== 'section' || !part.text) continue;
    const numbered = new Map<string, string>();
    bySection.set(part.id, numbered);
    part.text = part.text
      .split('\n\n')
      .map((para) => {
        if (!para.trim() || /^(#{1,6}\s|[-*+]\s|\d+[.)]\s|\*\*)/.test(para)) return para;
        n++;
        // Counting starts at 1 either way; with "from-second" paragraph 1 simply carries no number.
        const out = n < first ? para : `${n}. ${para}`;
        if (!numbered.has(para)) numbered.set(para, out);
        return out;
      })
      .join('\n\n');
  }
  return bySection;
}

/** "( name )\nfor Director of …" in English; 署長 post then （name　代行） in Chinese. */
export function signatureBlock(department: Department, name: string | undefined, lang: Lang): string {
  const post = department.signatory?.signsFor[lang];
  if (lang === 'en') {
    const who = name ? `( ${name} )` : '';
    return [who, post ? `for ${post}` : department.names.en].filter(Boolean).join('\n');
  }
  const who = name ? `（${name}　代行）` : '';
  return [post ?? department.names['zh-HK'], who].filter(Boolean).join('\n');
}

function cited(passage: Passage, lang: Lang): string {
  const point = tidyPoint(passage.text, lang);
  // The citation goes before the closing full stop, inside the sentence it supports.
  const end = /[.!?。！？]$/.test(point) ? point.slice(-1) : '';
  const body = end ? point.slice(0, -1) : point;
  return lang === 'en' ? `${body} (Source: ${passage.title})${end}` : `${body}（資料來源：${passage.title}）${end}`;
}

function composeError(key: string, problems: FieldProblem[]): ComposeError {
  const missing = problems.filter((p) => p.kind === 'missing');
  const other = problems.filter((p) => p.kind !== 'missing');
  const en: string[] = [];
  const zh: string[] = [];
  if (missing.length) {
    en.push(`missing required fields: ${missing.map((p) => `${p.field} (${p.labels?.en} / ${p.labels?.['zh-HK']})`).join(', ')}`);
    zh.push(`未填寫必須欄位：${missing.map((p) => `${p.labels?.['zh-HK']}（${p.field}）`).join('、')}`);
  }
  for (const p of other) {
    en.push(p.message.en);
    zh.push(p.message['zh-HK']);
  }
  return new ComposeError(`${key}: ${en.join('; ')}`, problems, `${key}：${zh.join('；')}`);
}
