/**
 * The options an action asks for before it runs: translate (the language to translate into), summarise (length,
 * bullets or a paragraph), minutes (the department's minutes template, the style, and the notes: the selection or
 * a pasted transcript).
 */
import { Field, makeStyles, Radio, RadioGroup, Select, Text, Textarea, tokens } from '@fluentui/react-components';
import { MINUTES_STYLES, SUMMARY_FORMS, SUMMARY_LENGTHS, type MinutesStyle, type SummaryForm, type SummaryLength } from '../../api/transform';
import type { Lang, TemplateInfo } from '../../api/types';
import { useI18n } from '../../i18n';
import type { ActionId, ActionOptions as Options } from './logic';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', '& > *': { flexGrow: 1, minWidth: '8rem' } },
});

export type SourceKind = 'selection' | 'transcript';

export interface ActionOptionsProps {
  action: ActionId;
  options: Options;
  onChange(options: Options): void;
  /** minutes: the department's minutes templates. */
  minutesTemplates: TemplateInfo[];
  /** minutes: where the notes come from, and the pasted transcript. */
  source: SourceKind;
  onSource(source: SourceKind): void;
  hasSelection: boolean;
  transcript: string;
  onTranscript(text: string): void;
  disabled?: boolean;
}

const LANGS: readonly Lang[] = ['en', 'zh-HK'];

export function ActionOptions(props: ActionOptionsProps) {
  const { action, options, onChange, minutesTemplates, source, onSource, hasSelection, transcript, onTranscript, disabled } = props;
  const { t, pick } = useI18n();
  const styles = useStyles();
  const set = (patch: Partial<Options>) => onChange({ ...options, ...patch });

  if (action === 'translate') {
    return (
      <div className={styles.root} data-testid="action-options">
        <Field label={t('actions.targetLang')}>
          <Select value={options.targetLang} disabled={disabled} onChange={(_, d) => set({ targetLang: d.value as Lang })} data-testid="option-target-lang">
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    );
  }

  if (action === 'summarise') {
    return (
      <div className={`${styles.root} ${styles.row}`} data-testid="action-options">
        <Field label={t('actions.length')}>
          <Select value={options.length} disabled={disabled} onChange={(_, d) => set({ length: d.value as SummaryLength })} data-testid="option-length">
            {SUMMARY_LENGTHS.map((l) => (
              <option key={l} value={l}>
                {t(`actions.length.${l}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('actions.form')}>
          <Select value={options.form} disabled={disabled} onChange={(_, d) => set({ form: d.value as SummaryForm })} data-testid="option-form">
            {SUMMARY_FORMS.map((f) => (
              <option key={f} value={f}>
                {t(`actions.form.${f}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    );
  }

  if (action === 'minutes') {
    return (
      <div className={styles.root} data-testid="action-options">
        <div className={styles.row}>
          <Field label={t('actions.template')}>
            <Select value={options.template} disabled={disabled} onChange={(_, d) => set({ template: d.value })} data-testid="option-template">
              {minutesTemplates.length === 0 && <option value="">{t('actions.template.default')}</option>}
              {minutesTemplates.map((x) => (
                <option key={x.key} value={x.key}>
                  {pick(x.titles)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('actions.style')}>
            <Select value={options.style} disabled={disabled} onChange={(_, d) => set({ style: d.value as MinutesStyle })} data-testid="option-style">
              {MINUTES_STYLES.map((s) => (
                <option key={s} value={s}>
                  {t(`actions.style.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {minutesTemplates.length === 0 && (
          <Text size={200} data-testid="option-no-templates">
            {t('actions.noMinutesTemplates')}
          </Text>
        )}
        <Field label={t('actions.source')}>
          <RadioGroup value={source} disabled={disabled} onChange={(_, d) => onSource(d.value as SourceKind)} data-testid="option-source">
            <Radio value="selection" label={t('actions.source.selection')} disabled={!hasSelection} data-testid="option-source-selection" />
            <Radio value="transcript" label={t('actions.source.transcript')} data-testid="option-source-transcript" />
          </RadioGroup>
        </Field>
        {source === 'transcript' && (
          <Field label={t('actions.transcript')} hint={t('actions.transcriptHint')}>
            <Textarea value={transcript} disabled={disabled} resize="vertical" rows={6} onChange={(_, d) => onTranscript(d.value)} data-testid="action-transcript" />
          </Field>
        )}
      </div>
    );
  }
  return null;
}
