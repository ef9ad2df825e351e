/**
 * Bilingual check: this document's two halves (Chinese paragraphs and English paragraphs), or this document and a
 * pasted version in the other language, compared here in the pane by the core's `bilingual` rules. Each mismatch is
 * a finding; those in this document can be selected there.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Field, makeStyles, Radio, RadioGroup, Spinner, Text, Textarea, tokens } from '@fluentui/react-components';
import { ArrowSwap20Regular } from '@fluentui/react-icons';
import type { Lang } from '../../api/types';
import { useApp } from '../../app/context';
import { FindingItem } from '../../components/FindingItem';
import { LevelCounts } from '../../components/LevelCounts';
import { Notice } from '../../components/Notice';
import { useI18n, type MessageKey } from '../../i18n';
import { countByLevel, targetOf } from '../check/logic';
import type { CompareMode, ComparedFinding, CompareProblem } from './bilingual';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0 },
  groupTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
});

const PROBLEMS: Record<CompareProblem, MessageKey> = {
  noChinese: 'actions.bilingual.noChinese',
  noEnglish: 'actions.bilingual.noEnglish',
  sameLanguage: 'actions.bilingual.sameLanguage',
  pasteFirst: 'actions.bilingual.pasteFirst',
};

type State =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; findings: ComparedFinding[]; problem?: CompareProblem }
  | { phase: 'error'; message: string };

const VERSIONS: readonly Lang[] = ['zh-HK', 'en'];

export function BilingualPanel() {
  const { host } = useApp();
  const { t, tn } = useI18n();
  const styles = useStyles();
  const [mode, setMode] = useState<CompareMode>('halves');
  const [other, setOther] = useState('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [message, setMessage] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const compare = async () => {
    setState({ phase: 'running' });
    setMessage(null);
    try {
      const [doc, { compareVersions }] = await Promise.all([host.read('document'), import(/* webpackChunkName: "bilingual" */ './bilingual')]);
      const result = compareVersions(doc, mode, other);
      if (mounted.current) setState({ phase: 'done', findings: result.findings, problem: result.problem });
    } catch (err) {
      if (mounted.current) setState({ phase: 'error', message: (err as Error).message });
    }
  };

  const select = (c: ComparedFinding) => {
    host.select(targetOf(c.finding)).catch(() => mounted.current && setMessage(t('actions.bilingual.selectFailed')));
  };

  const findings = state.phase === 'done' ? state.findings : [];
  return (
    <div className={styles.root} data-testid="bilingual-panel">
      <Field label={t('actions.bilingual.source')}>
        <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as CompareMode)} data-testid="bilingual-source">
          <Radio value="halves" label={t('actions.bilingual.halves')} data-testid="bilingual-source-halves" />
          <Radio value="pasted" label={t('actions.bilingual.pasted')} data-testid="bilingual-source-pasted" />
        </RadioGroup>
      </Field>
      {mode === 'pasted' && (
        <Field label={t('actions.bilingual.other')} hint={t('actions.bilingual.otherHint')}>
          <Textarea value={other} resize="vertical" rows={6} onChange={(_, d) => setOther(d.value)} data-testid="bilingual-other" />
        </Field>
      )}
      <div className={styles.row}>
        <Button appearance="primary" icon={<ArrowSwap20Regular />} disabledFocusable={state.phase === 'running'} onClick={() => void compare()} data-testid="bilingual-run">
          {t('actions.bilingual.run')}
        </Button>
        {state.phase === 'running' && <Spinner size="tiny" label={t('actions.bilingual.running')} />}
      </div>

      <div role="status" aria-live="polite" data-testid="bilingual-status" data-phase={state.phase}>
        {message && <Notice intent="warning">{message}</Notice>}
        {state.phase === 'error' && (
          <Notice intent="error" testId="bilingual-error">
            {t('actions.bilingual.failed', { reason: state.message })}
          </Notice>
        )}
        {state.phase === 'done' && state.problem && (
          <Notice intent="warning" testId="bilingual-problem">
            {t(PROBLEMS[state.problem])}
          </Notice>
        )}
        {state.phase === 'done' && !state.problem && (
          <Text weight="semibold" data-testid="bilingual-summary" data-count={findings.length}>
            {findings.length ? tn('actions.bilingual.summary', findings.length) : t('actions.bilingual.clean')}
          </Text>
        )}
      </div>

      {state.phase === 'done' && findings.length > 0 && (
        <div className={styles.root} data-testid="bilingual-findings" data-count={findings.length}>
          <LevelCounts counts={countByLevel(findings.map((c) => c.finding))} testIdPrefix="bilingual-count" />
          {VERSIONS.map((version) => {
            const list = findings.filter((c) => c.finding.document === version);
            if (!list.length) return null;
            const inDocument = list[0].inDocument;
            const label = t(inDocument ? 'actions.bilingual.inDocument' : 'actions.bilingual.inPasted', { version: t(`actions.bilingual.version.${version}`) });
            return (
              <section key={version} className={styles.group} aria-label={label} data-testid="bilingual-group" data-document={version} data-in-document={inDocument}>
                <h3 className={styles.groupTitle}>{label}</h3>
                <ul className={styles.list}>
                  {list.map((c, i) => (
                    <FindingItem
                      key={`${c.finding.ruleId}:${c.finding.block}:${c.finding.start}:${i}`}
                      finding={c.finding}
                      onSelect={c.inDocument && host.can.select ? () => select(c) : undefined}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
