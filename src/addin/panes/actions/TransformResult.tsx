/**
 * An action's result beside its original: two columns where the pane is wide enough, one above the other where it
 * is narrow. While it streams: the text so far and Stop. When it ends: what happened (stopped or failed: nothing
 * inserted), the offline notice and the "partial" label when the gateway used its deterministic path, the glossary
 * terms it was told, the core's findings on the result, and — only for a finished result — the pane's buttons.
 */
import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { Badge, Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { Stop16Regular, Wand16Regular } from '@fluentui/react-icons';
import { FindingItem } from '../../components/FindingItem';
import { LevelCounts } from '../../components/LevelCounts';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { countByLevel } from '../check/logic';
import { markdownToBlocks } from '../shared/markdown';
import type { DraftBlock } from '../../hosts/document-host';
import type { TransformRun } from './use-transform';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  compare: {
    display: 'grid',
    // Two columns from about 27rem of pane width; one above the other below that.
    gridTemplateColumns: 'repeat(auto-fit, minmax(13rem, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0, margin: 0 },
  columnHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  columnTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  box: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    maxHeight: '40vh',
    minHeight: '3em',
    overflowY: 'auto',
    overflowWrap: 'anywhere',
  },
  original: { backgroundColor: tokens.colorNeutralBackground1 },
  stale: { color: tokens.colorNeutralForeground3 },
  para: { margin: `0 0 ${tokens.spacingVerticalS}` },
  heading: { margin: `0 0 ${tokens.spacingVerticalS}`, fontWeight: tokens.fontWeightSemibold },
  list: { margin: `0 0 ${tokens.spacingVerticalS}`, paddingInlineStart: tokens.spacingHorizontalXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: tokens.fontSizeBase300 },
  findings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  glossary: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

export interface TransformResultProps {
  run: TransformRun;
  /** The text the action was given. */
  original: string;
  /** The original's language, as a BCP 47 tag for its `lang` attribute. */
  originalLang?: string;
  onStop(): void;
  onApplyFixes?(): void;
  /** Replace / Insert below / Copy: shown only when the result is finished. */
  actions?: ReactNode;
  outcome?: ReactNode;
}

export function TransformResult({ run, original, originalLang, onStop, onApplyFixes, actions, outcome }: TransformResultProps) {
  const { t, tn, pick } = useI18n();
  const styles = useStyles();
  const blocks = useMemo(() => markdownToBlocks(run.text), [run.text]);
  const originalBlocks = useMemo<DraftBlock[]>(() => original.split('\n').filter((l) => l.trim()).map((text) => ({ kind: 'paragraph', text })), [original]);
  const section = useRef<HTMLElement>(null);
  const id = useId();
  const originalTitle = `${id}-original`;
  const resultTitle = `${id}-result`;
  const previous = useRef(run.phase);
  // When Stop (which then disappears) had focus, focus goes to the result, so keyboard users are not lost.
  useEffect(() => {
    const was = previous.current;
    previous.current = run.phase;
    const active = typeof document !== 'undefined' ? document.activeElement : null;
    if (was === 'streaming' && run.phase !== 'streaming' && (!active || active === document.body)) section.current?.focus();
  }, [run.phase]);

  const streaming = run.phase === 'streaming';
  const findings = run.findings ?? [];
  const fixable = findings.filter((f) => f.fixes.length).length;
  const offline = run.meta?.composer === 'offline';
  const stale = run.phase === 'stopped' || run.phase === 'error';

  return (
    <section ref={section} tabIndex={-1} className={styles.root} aria-label={t('actions.compare')} data-testid="action-result-section" data-phase={run.phase}>
      <div className={styles.status} role="status" aria-live="polite" data-testid="action-status" data-phase={run.phase}>
        {streaming && (
          <>
            <Spinner size="tiny" aria-hidden />
            <Text>{t('actions.streaming', { count: run.text.length })}</Text>
            <Button icon={<Stop16Regular />} onClick={onStop} data-testid="action-stop">
              {t('actions.stop')}
            </Button>
          </>
        )}
      </div>
      {run.phase === 'stopped' && (
        <Notice intent="warning" testId="action-stopped">
          {t('actions.stopped')}
        </Notice>
      )}
      {run.phase === 'error' && (
        <Notice intent="error" testId="action-error">
          {run.incomplete ? t('actions.incomplete') : t('actions.failed', { reason: run.error ?? '' })}
        </Notice>
      )}
      {run.phase === 'done' && (
        <Notice intent="success" testId="action-done">
          {t('actions.done')}
        </Notice>
      )}
      {offline && (
        <Notice intent="info" testId="action-offline-notice">
          {run.meta?.notice ? pick(run.meta.notice) : t('actions.offline')}
        </Notice>
      )}
      {run.meta?.partial && (
        <Notice intent="warning" testId="action-partial">
          {t('actions.partial')}
        </Notice>
      )}

      <div className={styles.compare} data-testid="action-compare">
        <section className={styles.column} aria-labelledby={originalTitle}>
          <div className={styles.columnHead}>
            <h3 id={originalTitle} className={styles.columnTitle}>
              {t('actions.original')}
            </h3>
          </div>
          <div className={`${styles.box} ${styles.original}`} role="region" tabIndex={0} aria-labelledby={originalTitle} data-testid="action-original" lang={originalLang}>
            {renderBlocks(originalBlocks, styles)}
          </div>
        </section>
        <section className={styles.column} aria-labelledby={resultTitle}>
          <div className={styles.columnHead}>
            <h3 id={resultTitle} className={styles.columnTitle}>
              {t('actions.result')}
            </h3>
            {offline && (
              <Badge appearance="outline" color="informative" data-testid="action-offline-badge">
                {t('actions.offlineLabel')}
              </Badge>
            )}
            {run.meta?.partial && (
              <Badge appearance="filled" color="warning" data-testid="action-partial-badge">
                {t('actions.partialLabel')}
              </Badge>
            )}
          </div>
          <div
            className={`${styles.box} ${stale ? styles.stale : ''}`}
            role="region"
            tabIndex={0}
            aria-live="polite"
            aria-busy={streaming}
            aria-labelledby={resultTitle}
            data-testid="action-result"
            data-phase={run.phase}
            lang={run.meta?.lang}
          >
            {renderBlocks(blocks, styles)}
          </div>
        </section>
      </div>

      {run.meta && run.meta.glossary?.length > 0 && (
        <div className={styles.section} data-testid="action-glossary">
          <h3 className={styles.sectionTitle}>{t('actions.glossary', { count: run.meta.glossary.length })}</h3>
          <ul className={styles.glossary}>
            {run.meta.glossary.map((g, i) => (
              <li key={i}>
                <span lang="zh-HK">{g['zh-HK']}</span> — <span lang="en-GB">{g.en}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {run.phase === 'done' && (
        <div className={styles.section} data-testid="action-findings" data-count={findings.length}>
          <h3 className={styles.sectionTitle}>{t('actions.findings')}</h3>
          {findings.length === 0 ? (
            <Text>{t('actions.noFindings')}</Text>
          ) : (
            <>
              <LevelCounts counts={countByLevel(findings)} testIdPrefix="action-count" />
              <ul className={styles.findings}>
                {findings.map((f, i) => (
                  <FindingItem key={`${f.ruleId}:${f.block}:${f.start}:${i}`} finding={f} />
                ))}
              </ul>
              {onApplyFixes && fixable > 0 && (
                <div>
                  <Button icon={<Wand16Regular />} onClick={onApplyFixes} data-testid="action-apply-fixes">
                    {tn('actions.applyFixes', fixable)}
                  </Button>
                </div>
              )}
            </>
          )}
        </div>
      )}

      {run.phase === 'done' && actions && (
        <div className={styles.actions} data-testid="action-buttons">
          {actions}
        </div>
      )}
      {outcome}
    </section>
  );
}

function renderBlocks(blocks: readonly DraftBlock[], styles: ReturnType<typeof useStyles>): ReactNode[] {
  const out: ReactNode[] = [];
  let list: ReactNode[] = [];
  const flush = () => {
    if (list.length) out.push(<ul key={`ul${out.length}`} className={styles.list}>{list}</ul>);
    list = [];
  };
  blocks.forEach((b, i) => {
    if (b.kind === 'list-item') {
      list.push(<li key={i}>{b.text}</li>);
      return;
    }
    flush();
    if (b.kind === 'heading') out.push(<p key={i} className={styles.heading} role="heading" aria-level={Math.min(6, (b.level ?? 1) + 3)}>{b.text}</p>);
    else out.push(<p key={i} className={styles.para}>{b.text}</p>);
  });
  flush();
  return out;
}
