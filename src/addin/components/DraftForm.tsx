/**
 * Choosing a template and filling it in: templates grouped by department, the template's fields, key points,
 * language, tone and classification. Submitting validates the form and hands the request to the pane; the form
 * never talks to the gateway itself.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Field, makeStyles, Radio, RadioGroup, Select, Text, tokens } from '@fluentui/react-components';
import { Sparkle20Regular } from '@fluentui/react-icons';
import { CLASSIFICATIONS, type Classification } from '../../core/checks/types';
import { TONES, type DepartmentInfo, type DraftRequest, type Lang, type TemplateInfo, type Tone } from '../api/types';
import { useI18n } from '../i18n';
import { KeyPointsEditor } from './KeyPointsEditor';
import { Notice } from './Notice';
import { initialValues, TemplateFields, validateFields, type FieldErrors, type FieldValues } from './TemplateFields';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  description: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '8rem' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

export interface DraftFormProps {
  departments: DepartmentInfo[];
  /** Field values to start from when a template is chosen (e.g. the subject of an incoming email). */
  prefill?: FieldValues;
  busy: boolean;
  /** Drafting needs the gateway; the form stays fillable meanwhile. */
  blocked?: boolean;
  onSubmit(request: DraftRequest, template: TemplateInfo): void;
  /** Shown next to the Draft button (Stop). */
  extraButtons?: ReactNode;
}

export function DraftForm({ departments, prefill, busy, blocked, onSubmit, extraButtons }: DraftFormProps) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const styles = useStyles();
  const all = useMemo(() => departments.flatMap((d) => d.templates), [departments]);
  const [key, setKey] = useState(() => (all.length === 1 ? all[0].key : ''));
  const template = all.find((x) => x.key === key);
  const [lang, setLang] = useState<Lang>(i18n.lang);
  const [values, setValues] = useState<FieldValues>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [points, setPoints] = useState<string[]>(['']);
  const [tone, setTone] = useState<Tone>('formal');
  const [classification, setClassification] = useState<Classification>('UNCLASSIFIED');
  const [invalid, setInvalid] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // A newly chosen template: its languages, defaults and classification; key points are kept.
  useEffect(() => {
    if (!template) return;
    const l = template.languages.includes(i18n.lang) ? i18n.lang : template.languages[0];
    setLang(l);
    setValues(initialValues(template, l, prefill));
    setErrors({});
    setInvalid(false);
    setClassification(template.classification);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template?.key]);

  useEffect(() => {
    if (key && !all.some((x) => x.key === key)) setKey('');
  }, [all, key]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!template || busy || blocked) return;
    const found = validateFields(template, values, lang, i18n);
    setErrors(found);
    const first = Object.keys(found)[0];
    setInvalid(Boolean(first));
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    const fields: Record<string, string> = {};
    for (const [id, v] of Object.entries(values)) if (v.trim()) fields[id] = v.trim();
    onSubmit(
      { template: template.key, fields, keyPoints: points.map((p) => p.trim()).filter(Boolean), lang, tone, classification },
      template,
    );
  };

  return (
    <form ref={formRef} className={styles.form} onSubmit={submit} noValidate aria-label={t('draft.formLabel')} data-testid="draft-form">
      <Field label={t('draft.template')} required>
        <Select value={key} onChange={(_, d) => setKey(d.value)} disabled={busy} data-testid="template-select">
          <option value="">{t('draft.chooseTemplate')}</option>
          {departments.map((d) => (
            <optgroup key={d.id} label={pick(d.names)}>
              {d.templates.map((x) => (
                <option key={x.key} value={x.key}>
                  {pick(x.titles)}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      {template && (
        <>
          <Text className={styles.description} size={200} data-testid="template-description">
            {pick(template.description)}
          </Text>
          {template.languages.length > 1 && (
            <Field label={t('draft.language')}>
              <RadioGroup layout="horizontal" value={lang} onChange={(_, d) => setLang(d.value as Lang)} disabled={busy} data-testid="draft-lang">
                {template.languages.map((l) => (
                  <Radio key={l} value={l} label={t(l === 'zh-HK' ? 'lang.zh-HK' : 'lang.en')} data-testid={`draft-lang-${l}`} />
                ))}
              </RadioGroup>
            </Field>
          )}
          <TemplateFields
            template={template}
            lang={lang}
            values={values}
            errors={errors}
            disabled={busy}
            onChange={(id, value) => {
              setValues((v) => ({ ...v, [id]: value }));
              if (errors[id]) setErrors(({ [id]: _gone, ...rest }) => rest);
            }}
          />
          <KeyPointsEditor points={points} onChange={setPoints} disabled={busy} />
          <div className={styles.row}>
            <Field label={t('draft.tone')} className={styles.grow}>
              <Select value={tone} onChange={(_, d) => setTone(d.value as Tone)} disabled={busy} data-testid="draft-tone">
                {TONES.map((x) => (
                  <option key={x} value={x}>
                    {t(`tone.${x}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('draft.classification')} className={styles.grow}>
              <Select value={classification} onChange={(_, d) => setClassification(d.value as Classification)} disabled={busy} data-testid="draft-classification">
                {CLASSIFICATIONS.map((c) => (
                  <option key={c} value={c}>
                    {t(`classification.${c}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {invalid && <Notice intent="error">{t('draft.invalid')}</Notice>}
        </>
      )}
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" icon={<Sparkle20Regular />} disabled={!template || blocked} disabledFocusable={busy} data-testid="draft-button">
          {t('draft.submit')}
        </Button>
        {extraButtons}
      </div>
    </form>
  );
}
