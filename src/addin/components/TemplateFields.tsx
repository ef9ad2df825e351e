/**
 * The form a template asks for, generated from its fields: text, longtext, date, reference, person, enum; with
 * labels, help text, required markers and the template's patterns, in the UI language.
 */
import { Field, Input, Select, Textarea } from '@fluentui/react-components';
import type { Lang, TemplateField, TemplateInfo } from '../api/types';
import { useI18n, type I18n } from '../i18n';

export type FieldValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

/** The default the gateway will use when the field is left empty (shown as a placeholder). */
export function defaultFor(field: TemplateField, lang: Lang): string | undefined {
  if (field.default === undefined) return undefined;
  return typeof field.default === 'string' ? field.default : field.default[lang];
}

/** Initial values: enum fields start on their default so the choice shows. */
export function initialValues(template: TemplateInfo, lang: Lang, prefill: FieldValues = {}): FieldValues {
  const values: FieldValues = {};
  for (const f of template.fields) {
    const pre = prefill[f.id];
    if (pre) values[f.id] = pre;
    else if (f.type === 'enum') values[f.id] = defaultFor(f, lang) ?? '';
  }
  return values;
}

export function validateFields(template: TemplateInfo, values: FieldValues, lang: Lang, i18n: I18n): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of template.fields) {
    const value = (values[f.id] ?? '').trim();
    const label = i18n.pick(f.labels);
    if (!value) {
      if (f.required && defaultFor(f, lang) === undefined) errors[f.id] = i18n.t('validation.required', { label });
      continue;
    }
    if (f.pattern) {
      let ok = true;
      try {
        ok = new RegExp(`^(?:${f.pattern})$`, 'u').test(value);
      } catch {
        ok = true; // the gateway validates patterns it cannot compile here
      }
      if (!ok) errors[f.id] = i18n.t('validation.pattern', { label, example: f.help ? i18n.pick(f.help) : '' }).trim();
    }
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value) && value !== 'today') errors[f.id] = i18n.t('validation.date', { label });
    if (f.type === 'enum' && f.options && !f.options.some((o) => o.value === value)) errors[f.id] = i18n.t('validation.required', { label });
  }
  return errors;
}

export interface TemplateFieldsProps {
  template: TemplateInfo;
  lang: Lang;
  values: FieldValues;
  errors: FieldErrors;
  disabled?: boolean;
  onChange(id: string, value: string): void;
}

export function TemplateFields({ template, lang, values, errors, disabled, onChange }: TemplateFieldsProps) {
  const { pick, t } = useI18n();
  return (
    <>
      {template.fields.map((f) => {
        const common = {
          id: `field-${f.id}`,
          value: values[f.id] ?? '',
          disabled,
          'data-testid': `field-${f.id}`,
          name: f.id,
        };
        const placeholder = defaultFor(f, lang);
        let control;
        switch (f.type) {
          case 'longtext':
            control = <Textarea {...common} resize="vertical" placeholder={placeholder} onChange={(_, d) => onChange(f.id, d.value)} />;
            break;
          case 'date':
            control = <Input {...common} type="date" onChange={(_, d) => onChange(f.id, d.value)} />;
            break;
          case 'enum':
            control = (
              <Select {...common} onChange={(_, d) => onChange(f.id, d.value)}>
                {!f.required || !placeholder ? <option value="">{t('draft.choose')}</option> : null}
                {(f.options ?? []).map((o) => (
                  <option key={o.value} value={o.value}>
                    {pick(o.labels)}
                  </option>
                ))}
              </Select>
            );
            break;
          default:
            control = <Input {...common} type="text" placeholder={placeholder === 'today' ? undefined : placeholder} onChange={(_, d) => onChange(f.id, d.value)} />;
        }
        return (
          <Field
            key={`${template.key}:${f.id}`}
            label={pick(f.labels)}
            hint={f.help ? pick(f.help) : undefined}
            required={f.required}
            validationState={errors[f.id] ? 'error' : 'none'}
            validationMessage={errors[f.id]}
          >
            {control}
          </Field>
        );
      })}
    </>
  );
}
