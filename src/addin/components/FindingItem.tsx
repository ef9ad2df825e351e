/**
 * One finding: where (its text, a button that selects it in the document), what (the message in the UI language),
 * and what can be done (its fixes, fix all of the same kind, ignore). Actions appear only when the pane passes them.
 */
import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Checkmark16Regular, EyeOff16Regular } from '@fluentui/react-icons';
import type { Finding } from '../../core/checks/types';
import { useI18n } from '../i18n';
import { LevelBadge } from './LevelCounts';

const useStyles = makeStyles({
  item: {
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  quote: { fontFamily: tokens.fontFamilyBase, fontWeight: tokens.fontWeightSemibold, minWidth: 0, maxWidth: '100%', overflowWrap: 'anywhere', textAlign: 'start', height: 'auto' },
  plainQuote: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  message: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
});

export interface FindingItemProps {
  finding: Finding;
  onSelect?: () => void;
  onFix?: (fixIndex: number) => void;
  /** Fix every finding of this kind (same rule, same text); offered when there are several. */
  onFixKind?: () => void;
  kindCount?: number;
  onIgnore?: () => void;
  /** Per rule, not only per text: ignore the rule in this document; fix every finding of the rule. */
  onIgnoreRule?: () => void;
  onFixRule?: () => void;
  ruleCount?: number;
  busy?: boolean;
}

export function FindingItem({ finding, onSelect, onFix, onFixKind, kindCount = 1, onIgnore, onIgnoreRule, onFixRule, ruleCount = 1, busy }: FindingItemProps) {
  const { t, pick } = useI18n();
  const styles = useStyles();
  const quoted = finding.text ? t('finding.quoted', { text: finding.text }) : '';
  return (
    <li className={styles.item} data-testid="finding" data-rule-id={finding.ruleId} data-level={finding.level} data-text={finding.text}>
      <div className={styles.head}>
        <LevelBadge level={finding.level} />
        {quoted &&
          (onSelect ? (
            <Button appearance="transparent" size="small" className={styles.quote} onClick={onSelect} aria-label={t('finding.select', { text: finding.text })} data-testid="finding-select">
              {quoted}
            </Button>
          ) : (
            <Text className={styles.plainQuote}>{quoted}</Text>
          ))}
      </div>
      <Text className={styles.message} size={200}>
        {pick(finding.message)}
      </Text>
      {(onFix || onIgnore) && (
        <div className={styles.actions}>
          {onFix &&
            finding.fixes.slice(0, 3).map((fix, i) => (
              <Button key={i} size="small" appearance={i === 0 ? 'primary' : 'secondary'} icon={<Checkmark16Regular />} disabled={busy} onClick={() => onFix(i)} data-testid="finding-fix">
                {fix.replacement ? t('finding.replaceWith', { replacement: fix.replacement }) : t('finding.delete')}
              </Button>
            ))}
          {onFixKind && finding.fixes.length > 0 && kindCount > 1 && (
            <Button size="small" disabled={busy} onClick={onFixKind} data-testid="finding-fix-kind">
              {t('finding.fixKind', { count: kindCount })}
            </Button>
          )}
          {onFixRule && finding.fixes.length > 0 && ruleCount > kindCount && (
            <Button size="small" disabled={busy} onClick={onFixRule} data-testid="finding-fix-rule">
              {t('finding.fixRule', { count: ruleCount })}
            </Button>
          )}
          {onIgnore && (
            <Button size="small" appearance="subtle" icon={<EyeOff16Regular />} disabled={busy} onClick={onIgnore} data-testid="finding-ignore">
              {t('finding.ignore')}
            </Button>
          )}
          {onIgnoreRule && (
            <Button size="small" appearance="subtle" icon={<EyeOff16Regular />} disabled={busy} onClick={onIgnoreRule} data-testid="finding-ignore-rule">
              {t('finding.ignoreRule')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
