/**
 * The selection actions, in the Check and Draft panes: a menu (Polish, Translate, Summarise, Formalise, Minutes,
 * Bilingual check) that takes the document's selection, sends it to POST /v1/transform (streamed; Stop at any time)
 * and shows the result beside the original, with the core's findings and the offline notice. Nothing enters the
 * document until the officer clicks Replace the selection, Insert below or Copy, and only a finished result can be
 * used: a stopped or failed action inserts nothing.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, makeStyles, Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger, Spinner, Switch, Text, tokens } from '@fluentui/react-components';
import {
  ArrowDown16Regular,
  ArrowSwap20Regular,
  Copy16Regular,
  Dismiss16Regular,
  DocumentArrowDown16Regular,
  Notebook20Regular,
  Play16Regular,
  Sparkle20Regular,
  TextBulletListSquare20Regular,
  TextEditStyle16Regular,
  TextGrammarWand20Regular,
  Translate20Regular,
  Wand16Regular,
} from '@fluentui/react-icons';
import type { TransformAction } from '../../api/transform';
import { useApp } from '../../app/context';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { fixDraft } from '../shared/draft-fixes';
import { ActionOptions, type SourceKind } from './ActionOptions';
import { BilingualPanel } from './BilingualPanel';
import {
  ACTION_IDS,
  DEFAULT_OPTIONS,
  RUNS_AT_ONCE,
  canUseResult,
  languageOf,
  originalTarget,
  otherLang,
  plainText,
  requestFor,
  resultBlocks,
  selectionText,
  type ActionId,
  type ActionOptions as Options,
  type ActionSource,
} from './logic';
import { TransformResult } from './TransformResult';
import { useTransformStream } from './use-transform';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  title: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

const ICONS: Record<ActionId, JSX.Element> = {
  polish: <Sparkle20Regular />,
  translate: <Translate20Regular />,
  summarise: <TextBulletListSquare20Regular />,
  formalise: <TextGrammarWand20Regular />,
  minutes: <Notebook20Regular />,
  bilingual: <ArrowSwap20Regular />,
};

type Outcome = { intent: 'success' | 'warning' | 'error'; text: string; kind: 'replaced' | 'inserted' | 'copied' | 'fixed' | 'failed' } | null;

export interface SelectionActionsProps {
  /** Which pane it sits in (for test ids and labels). */
  pane: 'check' | 'draft';
}

export function SelectionActions({ pane }: SelectionActionsProps) {
  const { host, gateway, templates } = useApp();
  const { t } = useI18n();
  const styles = useStyles();
  const stream = useTransformStream();
  const [active, setActive] = useState<ActionId | null>(null);
  const [reading, setReading] = useState(false);
  const [problem, setProblem] = useState<{ text: string; testId: string; intent: 'warning' | 'error' } | null>(null);
  const [selection, setSelection] = useState<Extract<ActionSource, { kind: 'selection' }> | null>(null);
  const [sourceKind, setSourceKind] = useState<SourceKind>('selection');
  const [transcript, setTranscript] = useState('');
  const [options, setOptions] = useState<Options>(DEFAULT_OPTIONS);
  /** The source the shown result was made from (what Replace replaces). */
  const [used, setUsed] = useState<ActionSource | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [trackChanges, setTrackChanges] = useState(false);
  const readSeq = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const minutesTemplates = useMemo(
    () => (templates.status === 'ready' ? templates.departments.flatMap((d) => d.templates).filter((x) => x.kind === 'minutes') : []),
    [templates],
  );
  useEffect(() => {
    if (minutesTemplates.length && !minutesTemplates.some((x) => x.key === options.template)) setOptions((o) => ({ ...o, template: minutesTemplates[0].key }));
  }, [minutesTemplates, options.template]);

  const unreachable = gateway.state === 'unreachable';
  const run = stream.run;
  const streaming = run.phase === 'streaming';

  if (!host.can.readSelection) return null;

  const start = (action: TransformAction, source: ActionSource, opts: Options = options) => {
    setUsed(source);
    setOutcome(null);
    void stream.start(requestFor(action, source.text, opts));
  };

  const choose = async (action: ActionId) => {
    const seq = ++readSeq.current;
    stream.reset();
    setActive(action);
    setOutcome(null);
    setProblem(null);
    setUsed(null);
    if (action === 'bilingual') return;
    setReading(true);
    try {
      const doc = await host.read('selection');
      if (seq !== readSeq.current || !mounted.current) return;
      const text = selectionText(doc);
      if (!text.trim()) {
        setSelection(null);
        if (action === 'minutes') setSourceKind('transcript');
        else setProblem({ text: t('actions.emptySelection'), testId: 'actions-empty', intent: 'warning' });
        return;
      }
      const source = { kind: 'selection' as const, text, doc };
      setSelection(source);
      setSourceKind('selection');
      const next = action === 'translate' ? { ...options, targetLang: otherLang(languageOf(text)) } : options;
      setOptions(next);
      if (RUNS_AT_ONCE.has(action) && !unreachable) start(action as TransformAction, source, next);
    } catch (err) {
      if (seq === readSeq.current && mounted.current) setProblem({ text: t('actions.readFailed', { reason: (err as Error).message }), testId: 'actions-read-failed', intent: 'error' });
    } finally {
      if (seq === readSeq.current && mounted.current) setReading(false);
    }
  };

  const close = () => {
    readSeq.current++;
    stream.reset();
    setActive(null);
    setReading(false);
    setProblem(null);
    setOutcome(null);
    setUsed(null);
  };

  /** The source an action would use now: the selection read when the action was chosen, or the pasted notes. */
  const currentSource: ActionSource | null =
    active === 'minutes' && sourceKind === 'transcript' ? (transcript.trim() ? { kind: 'transcript', text: transcript } : null) : selection;

  const runAction = () => {
    if (!active || active === 'bilingual' || streaming) return;
    if (!currentSource) {
      setProblem(
        active === 'minutes' && sourceKind === 'transcript'
          ? { text: t('actions.transcriptEmpty'), testId: 'actions-transcript-empty', intent: 'warning' }
          : { text: t('actions.emptySelection'), testId: 'actions-empty', intent: 'warning' },
      );
      return;
    }
    setProblem(null);
    start(active, currentSource);
  };

  /** Selects the original text again if the officer's selection has moved since the action read it. */
  const restoreSelection = async (source: ActionSource): Promise<boolean> => {
    const now = await host.read('selection');
    if (selectionText(now) === source.text) return true;
    const target = originalTarget(source);
    if (!target || !host.can.select) return false;
    try {
      await host.select(target);
      return true;
    } catch {
      return false;
    }
  };

  const place = async (how: 'replace' | 'below' | 'cursor') => {
    const blocks = resultBlocks(run);
    if (!blocks.length || busy || !used) return;
    setBusy(true);
    setOutcome(null);
    try {
      if (how !== 'cursor' && used.kind === 'selection' && !(await restoreSelection(used))) {
        setOutcome({ intent: 'warning', kind: 'failed', text: t('actions.selectionChanged') });
        return;
      }
      await host.insertDraft(blocks, { mode: how === 'replace' ? 'replace-selection' : 'cursor', trackChanges: host.can.trackChanges && trackChanges });
      const text = how === 'replace' ? t('actions.replaced') : how === 'below' ? t('actions.inserted') : t('actions.insertedAtCursor');
      setOutcome({ intent: 'success', kind: how === 'replace' ? 'replaced' : 'inserted', text });
    } catch (err) {
      setOutcome({ intent: 'error', kind: 'failed', text: t('actions.insertFailed', { reason: (err as Error).message }) });
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  const copy = async () => {
    if (!canUseResult(run)) return;
    const text = plainText(run.text);
    try {
      const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
      if (!clipboard?.writeText) throw new Error('the clipboard is not available here');
      await clipboard.writeText(text);
      setOutcome({ intent: 'success', kind: 'copied', text: t('actions.copied') });
    } catch (err) {
      setOutcome({ intent: 'error', kind: 'failed', text: t('actions.copyFailed', { reason: (err as Error).message }) });
    }
  };

  const needsGateway = active !== null && active !== 'bilingual';
  const showRun = needsGateway && (selection !== null || active === 'minutes');
  const fromSelection = used?.kind === 'selection';

  return (
    <div className={styles.root} data-testid={`${pane}-actions`}>
      <div className={styles.row}>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <MenuButton icon={<Wand16Regular />} data-testid="actions-menu" aria-description={t('actions.menuHint')}>
              {t('actions.menu')}
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {ACTION_IDS.map((id) => (
                <MenuItem
                  key={id}
                  icon={ICONS[id]}
                  disabled={id !== 'bilingual' && unreachable}
                  onClick={() => void choose(id)}
                  data-testid={`action-${id}`}
                  aria-description={t(`actions.${id}.help`)}
                >
                  {t(`actions.${id}`)}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
        {reading && <Spinner size="tiny" label={t('actions.reading')} data-testid="actions-reading" />}
      </div>

      {active && (
        <section className={styles.panel} aria-label={t(`actions.${active}`)} data-testid="action-panel" data-action={active}>
          <div className={styles.head}>
            <div>
              <h3 className={styles.title}>{t(`actions.${active}`)}</h3>
              <Text size={200}>{t(`actions.${active}.help`)}</Text>
            </div>
            <Button appearance="subtle" size="small" icon={<Dismiss16Regular />} aria-label={t('actions.close')} title={t('actions.close')} onClick={close} data-testid="action-close" />
          </div>

          {needsGateway && unreachable && (
            <Notice intent="warning" testId="actions-needs-gateway">
              {t('actions.needsGateway')}
            </Notice>
          )}
          {problem && (
            <Notice intent={problem.intent} testId={problem.testId}>
              {problem.text}
            </Notice>
          )}

          {active === 'bilingual' ? (
            <BilingualPanel />
          ) : (
            !reading && (
              <>
                <ActionOptions
                  action={active}
                  options={options}
                  onChange={setOptions}
                  minutesTemplates={minutesTemplates}
                  source={sourceKind}
                  onSource={setSourceKind}
                  hasSelection={selection !== null}
                  transcript={transcript}
                  onTranscript={setTranscript}
                  disabled={streaming}
                />
                {showRun && (
                  <div className={styles.row}>
                    <Button appearance={run.phase === 'idle' ? 'primary' : 'secondary'} icon={<Play16Regular />} disabledFocusable={streaming || unreachable} onClick={runAction} data-testid="action-run">
                      {run.phase === 'idle' ? t(`actions.${active}`) : t('actions.runAgain')}
                    </Button>
                  </div>
                )}
                {run.phase !== 'idle' && used && (
                  <TransformResult
                    run={run}
                    original={used.text}
                    originalLang={languageOf(used.text) === 'en' ? 'en-GB' : 'zh-HK'}
                    onStop={stream.stop}
                    onApplyFixes={() => {
                      const fixed = fixDraft(run.text, run.findings ?? []);
                      stream.revise(fixed.text, fixed.remaining);
                      setOutcome({ intent: 'success', kind: 'fixed', text: t('actions.fixesApplied', { count: fixed.applied }) });
                    }}
                    actions={
                      <>
                        {fromSelection && host.can.insert && (
                          <Button appearance="primary" icon={<TextEditStyle16Regular />} disabled={busy} onClick={() => void place('replace')} data-testid="action-replace">
                            {t('actions.replace')}
                          </Button>
                        )}
                        {host.can.insert && (
                          <Button
                            icon={fromSelection ? <ArrowDown16Regular /> : <DocumentArrowDown16Regular />}
                            disabled={busy}
                            onClick={() => void place(fromSelection ? 'below' : 'cursor')}
                            data-testid="action-insert"
                          >
                            {fromSelection ? t('actions.insertBelow') : t('actions.insertAtCursor')}
                          </Button>
                        )}
                        <Button icon={<Copy16Regular />} disabled={busy} onClick={() => void copy()} data-testid="action-copy">
                          {t('actions.copy')}
                        </Button>
                        {host.can.trackChanges && host.can.insert && (
                          <Switch checked={trackChanges} onChange={(_, d) => setTrackChanges(d.checked)} label={t('actions.trackChanges')} data-testid="action-track-changes" />
                        )}
                      </>
                    }
                    outcome={
                      outcome && (
                        <div data-testid="action-outcome" data-kind={outcome.kind}>
                          <Notice intent={outcome.intent}>{outcome.text}</Notice>
                        </div>
                      )
                    }
                  />
                )}
              </>
            )
          )}
        </section>
      )}
    </div>
  );
}
