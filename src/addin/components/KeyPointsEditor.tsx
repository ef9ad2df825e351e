import { useEffect, useRef } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { Add16Regular, Delete16Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0 },
  row: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', listStyleType: 'none' },
  input: { flexGrow: 1, minWidth: 0 },
});

/** Key points, one an input; add and remove, keyboard first (Enter in the last one adds another). */
export function KeyPointsEditor({ points, onChange, disabled }: { points: string[]; onChange: (points: string[]) => void; disabled?: boolean }) {
  const { t } = useI18n();
  const styles = useStyles();
  const inputs = useRef<Array<HTMLInputElement | null>>([]);
  const focusIndex = useRef<number | null>(null);

  useEffect(() => {
    if (focusIndex.current === null) return;
    inputs.current[Math.min(focusIndex.current, points.length - 1)]?.focus();
    focusIndex.current = null;
  });

  const add = () => {
    focusIndex.current = points.length;
    onChange([...points, '']);
  };
  const remove = (i: number) => {
    focusIndex.current = Math.max(0, i - 1);
    const next = points.filter((_, j) => j !== i);
    onChange(next.length ? next : ['']);
  };

  return (
    <Field label={t('draft.keyPoints')} hint={t('draft.keyPointsHelp')}>
      <ul className={styles.list} data-testid="keypoints">
        {points.map((point, i) => (
          <li key={i} className={styles.row}>
            <Input
              ref={(el) => {
                inputs.current[i] = el;
              }}
              className={styles.input}
              value={point}
              disabled={disabled}
              aria-label={t('draft.keyPoint', { n: i + 1 })}
              data-testid="keypoint-input"
              data-index={i}
              onChange={(_, data) => onChange(points.map((p, j) => (j === i ? data.value : p)))}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && i === points.length - 1 && point.trim()) {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <Button
              appearance="subtle"
              icon={<Delete16Regular />}
              aria-label={t('draft.removeKeyPoint', { n: i + 1 })}
              title={t('draft.removeKeyPoint', { n: i + 1 })}
              disabled={disabled || (points.length === 1 && !point)}
              onClick={() => remove(i)}
              data-testid="keypoint-remove"
            />
          </li>
        ))}
      </ul>
      <div>
        <Button appearance="subtle" size="small" icon={<Add16Regular />} onClick={add} disabled={disabled} data-testid="keypoint-add">
          {t('draft.addKeyPoint')}
        </Button>
      </div>
    </Field>
  );
}
