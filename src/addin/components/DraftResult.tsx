/**
 * A draft as it streams in and once it is done: the text (as the paragraphs that would be inserted), Stop while
 * streaming, what happened when it ended (stopped / failed: nothing inserted), the sources it cites, whether it
 * was composed offline, and the core's findings on it. The insert buttons come from the pane, and are shown only
 * for a finished draft.
 */
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { Stop16Regular, Wand16Regular } from '@fluentui/react-icons';
import { markdownToBlocks } from '../panes/shared/markdown';
import type { DraftRun } from '../panes/shared/draft-stream';
import { countByLevel } from '../panes/check/logic';
import { useI18n } from '../i18n';
import { FindingItem } from './FindingItem';
import { LevelCounts } from './LevelCounts';
import { Notice } from './Notice';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  output: {
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    maxHeight: '50vh',
    overflowY: 'auto',
    overflowWrap: 'anywhere',
  },
  stale: { color: tokens.colorNeutralForeground3 },
  para: { margin: `0 0 ${tokens.spacingVerticalS}` },
  heading: { margin: `0 0 ${tokens.spacingVerticalS}`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { margin: `0 0 ${tokens.spacingVerticalS}`, paddingInlineStart: tokens.spacingHorizontalXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: tokens.fontSizeBase300 },
  findings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  sources: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface DraftResultProps {
  run: DraftRun;
  onStop(): void;
  onApplyFixes?(): void;
  /** Insert / Open reply form: shown only when the draft is done. */
  actions?: ReactNode;
  /** The outcome of the last insertion, from the pane. */
  outcome?: ReactNode;
}

export function DraftResult({ run, onStop, onApplyFixes, actions, outcome }: DraftResultProps) {
  const { t, tn, pick } = useI18n();
  const styles = useStyles();
  const blocks = useMemo(() => markdownToBlocks(run.text), [run.text]);
  const section = useRef<HTMLElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const previous = useRef(run.phase);
  // Focus follows the draft for keyboard users: to Stop when drafting starts from the Draft button, and to the
  // outcome when Stop (which then disappears) had focus.
  useEffect(() => {
    const was = previous.current;
    previous.current = run.phase;
    const active = typeof document !== 'undefined' ? document.activeElement : null;
    if (run.phase === 'streaming' && was !== 'streaming' && active instanceof HTMLElement && active.dataset.testid === 'draft-button') stopButton.current?.focus();
    else if (was === 'streaming' && run.phase !== 'streaming' && (!active || active === document.body)) section.current?.focus();
  }, [run.phase]);
  if (run.phase === 'idle') return null;
  const streaming = run.phase === 'streaming';
  const findings = run.findings ?? [];
  const fixable = findings.filter((f) => f.fixes.length).length;

  return (
    <section ref={section} tabIndex={-1} className={styles.root} aria-label={t('draft.resultLabel')} data-testid="draft-result" data-phase={run.phase}>
      <div className={styles.status} role="status" aria-live="polite" data-testid="draft-status">
        {streaming && (
          <>
            <Spinner size="tiny" aria-hidden />
            <Text>{t('draft.streaming', { count: run.text.length })}</Text>
            <Button ref={stopButton} icon={<Stop16Regular />} onClick={onStop} data-testid="draft-stop">
              {t('draft.stop')}
            </Button>
          </>
        )}
      </div>
      {run.phase === 'stopped' && (
        <Notice intent="warning" testId="draft-stopped">
          {t('draft.stopped')}
        </Notice>
      )}
      {run.phase === 'error' && (
        <Notice intent="error" testId="draft-error">
          {run.incomplete ? t('draft.incomplete') : t('draft.failed', { reason: run.error ?? '' })}
        </Notice>
      )}
      {run.phase === 'done' && (
        <Notice intent="success" testId="draft-done">
          {t('draft.done')}
        </Notice>
      )}
      {run.meta?.notice && <Notice intent="info">{pick(run.meta.notice)}</Notice>}

      {(blocks.length > 0 || streaming) && (
        <div
          className={`${styles.output} ${run.phase === 'stopped' || run.phase === 'error' ? styles.stale : ''}`}
          aria-live="polite"
          aria-busy={streaming}
          aria-label={t('draft.output')}
          role="region"
          tabIndex={0}
          data-testid="draft-output"
          lang={run.meta?.lang ?? undefined}
        >
          {renderBlocks(blocks, styles)}
        </div>
      )}

      {run.meta && run.meta.sources.length > 0 && (
        <div className={styles.section}>
          <h3 className={styles.sectionTitle}>{t('draft.sources')}</h3>
          <ol className={styles.sources} data-testid="draft-sources">
            {run.meta.sources.map((s) => (
              <li key={s.n} value={s.n}>
                {s.title}
                {s.heading ? ` — ${s.heading}` : ''}
              </li>
            ))}
          </ol>
        </div>
      )}

      {run.phase === 'done' && (
        <div className={styles.section} data-testid="draft-findings" data-count={findings.length}>
          <h3 className={styles.sectionTitle}>{t('draft.findings')}</h3>
          {findings.length === 0 ? (
            <Text>{t('draft.noFindings')}</Text>
          ) : (
            <>
              <LevelCounts counts={countByLevel(findings)} testIdPrefix="draft-count" />
              <Text size={200}>{tn('draft.findingsIntro', findings.length)}</Text>
              <ul className={styles.findings}>
                {findings.map((f, i) => (
                  <FindingItem key={`${f.ruleId}:${f.block}:${f.start}:${i}`} finding={f} />
                ))}
              </ul>
              {onApplyFixes && fixable > 0 && (
                <div>
                  <Button icon={<Wand16Regular />} onClick={onApplyFixes} data-testid="draft-apply-fixes">
                    {tn('draft.applyFixes', fixable)}
                  </Button>
                </div>
              )}
            </>
          )}
        </div>
      )}

      {run.phase === 'done' && actions && <div className={styles.actions}>{actions}</div>}
      {outcome}
    </section>
  );
}

function renderBlocks(blocks: ReturnType<typeof markdownToBlocks>, styles: ReturnType<typeof useStyles>): ReactNode[] {
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
