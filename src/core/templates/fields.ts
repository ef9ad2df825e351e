/**
 * Field values as given (CLI `--field key=value`, the task pane's form) -> text for the body: defaults applied,
 * dates formatted for the language, enum values shown by their label, patterns enforced.
 */
import { formatDate, parseDateInput, type CalendarDate } from './dates';
import { didYouMean } from './errors';
import type { Bilingual, FieldSpec, Lang, TemplateSpec } from './schema';

export interface FieldProblem {
  field: string;
  labels?: Bilingual;
  kind: 'missing' | 'invalid' | 'unknown';
  message: Bilingual;
}

export interface ResolvedFields {
  /** Field id -> text for the body (empty fields are absent). */
  values: Record<string, string>;
  /** Required fields with no value and no default. */
  missing: FieldSpec[];
  /** Values that are not valid, and names that are not fields. */
  problems: FieldProblem[];
}

export function resolveFields(template: TemplateSpec, input: Readonly<Record<string, string | undefined>>, lang: Lang, today: CalendarDate): ResolvedFields {
  const values: Record<string, string> = {};
  const missing: FieldSpec[] = [];
  const problems: FieldProblem[] = [];
  const ids = template.fields.map((f) => f.id);

  for (const key of Object.keys(input)) {
    if (ids.includes(key)) continue;
    const hint = didYouMean(key, ids);
    problems.push({
      field: key,
      kind: 'unknown',
      message: {
        en: `"${key}" is not a field of this template${hint || `; its fields are ${ids.join(', ')}`}`,
        'zh-HK': `「${key}」不是此範本的欄位；欄位有：${ids.join('、')}`,
      },
    });
  }

  for (const field of template.fields) {
    const given = input[field.id]?.trim();
    const fallback = field.default === undefined ? undefined : typeof field.default === 'string' ? field.default : field.default[lang];
    const raw = given || fallback;
    if (!raw) {
      if (field.required) missing.push(field);
      continue;
    }
    const shown = formatValue(field, raw, lang, today);
    if (typeof shown === 'string') values[field.id] = shown;
    else problems.push({ field: field.id, labels: field.labels, kind: 'invalid', message: shown });
  }
  return { values, missing, problems };
}

function formatValue(field: FieldSpec, raw: string, lang: Lang, today: CalendarDate): string | Bilingual {
  const name = `${field.id} (${field.labels.en} / ${field.labels['zh-HK']})`;
  switch (field.type) {
    case 'date': {
      const date = raw === 'today' ? today : parseDateInput(raw);
      if (!date) {
        return {
          en: `${name}: "${raw}" is not a date; write 2026-11-28, 28 November 2026 or 2026年11月28日`,
          'zh-HK': `${field.labels['zh-HK']}：「${raw}」不是日期，請寫作2026-11-28或2026年11月28日`,
        };
      }
      return formatDate(date, lang);
    }
    case 'enum': {
      const options = field.options ?? [];
      const wanted = raw.toLowerCase();
      const option = options.find((o) => o.value.toLowerCase() === wanted || o.labels.en.toLowerCase() === wanted || o.labels['zh-HK'] === raw);
      if (!option) {
        return {
          en: `${name}: "${raw}" is not one of ${options.map((o) => o.value).join(', ')}`,
          'zh-HK': `${field.labels['zh-HK']}：「${raw}」不是可選的值（${options.map((o) => o.value).join('、')}）`,
        };
      }
      return option.labels[lang];
    }
    default: {
      const value = field.type === 'longtext' ? raw.replace(/\r\n?/g, '\n') : raw.replace(/\s+/g, ' ');
      if (field.pattern && !new RegExp(`^(?:${field.pattern})$`, 'u').test(value)) {
        return {
          en: `${name}: "${value}" does not match the expected form /${field.pattern}/`,
          'zh-HK': `${field.labels['zh-HK']}：「${value}」的格式不符（/${field.pattern}/）`,
        };
      }
      return value;
    }
  }
}
