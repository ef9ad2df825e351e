import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { LEVELS, type Level } from '../../core/checks/types';
import { useI18n, type PluralKey } from '../i18n';

const COLOURS: Record<Level, 'danger' | 'warning' | 'informative'> = { error: 'danger', warning: 'warning', suggestion: 'informative' };
const LABELS: Record<Level, PluralKey> = { error: 'level.count.error', warning: 'level.count.warning', suggestion: 'level.count.suggestion' };

const useStyles = makeStyles({ root: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS } });

/** Error / warning / suggestion counts as badges, each with its full wording for screen readers. */
export function LevelCounts({ counts, testIdPrefix = 'count', hideZero = false }: { counts: Record<Level, number>; testIdPrefix?: string; hideZero?: boolean }) {
  const { tn } = useI18n();
  const styles = useStyles();
  return (
    <span className={styles.root}>
      {LEVELS.filter((level) => !hideZero || counts[level] > 0).map((level) => (
        <Badge key={level} appearance={counts[level] ? 'filled' : 'outline'} color={COLOURS[level]} shape="rounded" data-testid={`${testIdPrefix}-${level}`} data-count={counts[level]}>
          {tn(LABELS[level], counts[level])}
        </Badge>
      ))}
    </span>
  );
}

export function LevelBadge({ level }: { level: Level }) {
  const { t } = useI18n();
  return (
    <Badge appearance="tint" color={COLOURS[level]} shape="rounded" size="small">
      {t(`level.${level}`)}
    </Badge>
  );
}
