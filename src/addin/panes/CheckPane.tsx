/**
 * Check: the document (or the selection) read through the host, checked HERE by the core's rule engine (so it
 * works with the gateway unreachable), findings grouped by rule set with counts by level. Clicking a finding
 * selects its text; Fix, Fix all of a kind, Fix all, Ignore (remembered in the document); then a fresh check.
 * The pane also carries the selection-actions menu (polish, translate, summarise, formalise, minutes, bilingual check: ./actions).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Field, makeStyles, Radio, RadioGroup, Select, Spinner, Switch, Text, tokens } from '@fluentui/react-components';
import { Eye16Regular, TextGrammarCheckmark20Regular, Wand16Regular } from '@fluentui/react-icons';
import { BUILTIN_RULE_SET_IDS, builtinRuleSets, createChecker } from '../../core/checks';
import type { CheckContext, Finding } from '../../core/checks/types';
import type { TemplateInfo } from '../api/types';
import { useApp } from '../app/context';
import { FindingItem } from '../components/FindingItem';
import { LevelCounts } from '../components/LevelCounts';
import { Notice } from '../components/Notice';
import type { HostDocument, TextEdit } from '../hosts/document-host';
import { useI18n } from '../i18n';
import { SelectionActions } from './actions';
import { countByLevel, editsFor, findingKey, groupByRuleSet, ruleKey, targetOf, visibleFindings } from './check/logic';
import { outcomeText, readNoteTexts } from './check/outcome';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  summary: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0 },
  groupHead: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', margin: 0 },
  groupTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  groups: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

type Scope = 'document' | 'selection';

interface Result {
  doc: HostDocument;
  findings: Finding[];
  scope: Scope;
}

type Message = { intent: 'success' | 'warning' | 'error' | 'info'; text: string } | null;

/** The built-in rule sets a template names (those this build knows), or all. */
function ruleSetsOf(template: TemplateInfo | undefined): string[] {
  const named = template?.ruleSets.filter((id) => BUILTIN_RULE_SET_IDS.includes(id)) ?? [];
  return named.length ? named : [...BUILTIN_RULE_SET_IDS];
}

function contextOf(template: TemplateInfo | undefined): CheckContext {
  return template ? { classification: template.classification, documentKind: template.kind } : {};
}

export default function CheckPane() {
  const { host, templates } = useApp();
  const { t, tn, pick } = useI18n();
  const styles = useStyles();
  const [scope, setScope] = useState<Scope>('document');
  const [templateKey, setTemplateKey] = useState('');
  const [trackChanges, setTrackChanges] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'reading' | 'done' | 'error'>('idle');
  const [result, setResult] = useState<Result | null>(null);
  const [ignored, setIgnored] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    host.loadIgnored().then(
      (keys) => mounted.current && setIgnored(new Set(keys)),
      () => undefined,
    );
  }, [host]);

  const allTemplates = useMemo(() => (templates.status === 'ready' ? templates.departments.flatMap((d) => d.templates) : []), [templates]);
  const template = allTemplates.find((x) => x.key === templateKey);

  const check = useCallback(
    async (how: Scope = scope, note: Message = null) => {
      setPhase('reading');
      setMessage(note);
      try {
        const doc = await host.read(how);
        const checker = createChecker({ ruleSets: ruleSetsOf(template) });
        const findings = checker.check(doc, contextOf(template));
        if (!mounted.current) return;
        setResult({ doc, findings, scope: how });
        setPhase('done');
      } catch (err) {
        if (!mounted.current) return;
        setPhase('error');
        setMessage({ intent: 'error', text: t('check.failed', { reason: (err as Error).message }) });
      }
    },
    [host, scope, template, t],
  );

  const visible = useMemo(() => (result ? visibleFindings(result.findings, ignored) : []), [result, ignored]);
  const groups = useMemo(() => groupByRuleSet(visible), [visible]);
  const counts = useMemo(() => countByLevel(visible), [visible]);
  const kinds = useMemo(() => {
    const m = new Map<string, Finding[]>();
    for (const f of visible) {
      if (!f.fixes.length) continue;
      const k = findingKey(f);
      m.set(k, [...(m.get(k) ?? []), f]);
    }
    return m;
  }, [visible]);
  const fixable = visible.filter((f) => f.fixes.length);
  const byRule = useMemo(() => {
    const m = new Map<string, Finding[]>();
    for (const f of visible) if (f.fixes.length) m.set(f.ruleId, [...(m.get(f.ruleId) ?? []), f]);
    return m;
  }, [visible]);
  const ignoredHere = result ? result.findings.length - visible.length : 0;

  const apply = async (edits: TextEdit[]) => {
    if (!edits.length || busy || !result) return;
    setBusy(true);
    try {
      const outcome = await host.applyEdits(edits, { trackChanges: host.can.trackChanges && trackChanges });
      await check(result.scope, { intent: outcome.skipped ? 'warning' : 'success', text: outcomeText(outcome, tn) });
    } catch (err) {
      setMessage({ intent: 'error', text: t('check.fixFailed', { reason: (err as Error).message }) });
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  const ignore = (f: Finding, key = findingKey(f)) => {
    const next = new Set(ignored);
    next.add(key);
    setIgnored(next);
    void host.saveIgnored([...next]).catch(() => setMessage({ intent: 'warning', text: t('check.ignoreNotSaved') }));
  };
  const restoreIgnored = () => {
    setIgnored(new Set());
    void host.saveIgnored([]).catch(() => undefined);
  };
  const select = (f: Finding) => {
    host.select(targetOf(f)).catch(() => setMessage({ intent: 'warning', text: t('check.selectFailed') }));
  };

  const ruleSetName = (id: string) => {
    const set = builtinRuleSets().get(id);
    return set ? pick(set.name) : id;
  };

  return (
    <div className={styles.root} data-testid="check-pane">
      <h2 className={styles.title}>{t('check.title')}</h2>
      <Text size={200}>{t('check.intro')}</Text>
      <SelectionActions pane="check" />

      {host.can.readSelection && (
        <Field label={t('check.scope')}>
          <RadioGroup layout="horizontal" value={scope} onChange={(_, d) => setScope(d.value as Scope)} data-testid="check-scope">
            <Radio value="document" label={t('check.scope.document')} data-testid="check-scope-document" />
            <Radio value="selection" label={t('check.scope.selection')} data-testid="check-scope-selection" />
          </RadioGroup>
        </Field>
      )}
      <Field label={t('check.rules')} hint={templates.status === 'ready' ? undefined : t('check.rulesOffline')}>
        <Select value={templateKey} onChange={(_, d) => setTemplateKey(d.value)} data-testid="check-rules">
          <option value="">{t('check.rules.all')}</option>
          {templates.status === 'ready' &&
            templates.departments.map((d) => (
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
      {host.can.trackChanges && (
        <Switch checked={trackChanges} onChange={(_, d) => setTrackChanges(d.checked)} label={t('check.trackChanges')} data-testid="check-track-changes" />
      )}
      <div className={styles.row}>
        <Button appearance="primary" icon={<TextGrammarCheckmark20Regular />} onClick={() => void check()} disabledFocusable={phase === 'reading' || busy} data-testid="check-button">
          {result ? t('check.recheck') : t('check.run')}
        </Button>
        {phase === 'reading' && <Spinner size="tiny" label={t('check.running')} />}
      </div>

      <div role="status" aria-live="polite" className={styles.summary} data-testid="check-status" data-phase={phase}>
        {message && <Notice intent={message.intent}>{message.text}</Notice>}
        {phase === 'done' && result && (
          <>
            <Text weight="semibold" data-testid="check-summary" data-count={visible.length}>
              {visible.length ? tn('check.summary', visible.length) : result.doc.blocks.some((b) => b.text.trim()) ? t('check.clean') : t(result.scope === 'selection' ? 'check.emptySelection' : 'check.emptyDocument')}
            </Text>
            {visible.length > 0 && <LevelCounts counts={counts} />}
            {readNoteTexts(result.doc.notes, t, tn).map((text) => (
              <Text size={200} key={text} data-testid="check-read-note">
                {text}
              </Text>
            ))}
          </>
        )}
      </div>

      {phase !== 'reading' && result && (
        <div className={styles.row}>
          {fixable.length > 0 && host.can.fix && (
            <Button icon={<Wand16Regular />} disabled={busy} onClick={() => void apply(editsFor(fixable))} data-testid="fix-all">
              {t('check.fixAll', { count: fixable.length })}
            </Button>
          )}
          {ignoredHere > 0 && (
            <Button appearance="subtle" icon={<Eye16Regular />} onClick={restoreIgnored} data-testid="restore-ignored">
              {t('check.restoreIgnored', { count: ignoredHere })}
            </Button>
          )}
          {busy && <Spinner size="tiny" label={t('check.fixing')} />}
        </div>
      )}

      {phase === 'done' && visible.length > 0 && (
        <div className={styles.groups} data-testid="findings-list">
          {groups.map((g) => (
            <section key={g.ruleSet} className={styles.group} aria-labelledby={`group-${g.ruleSet}`} data-testid="finding-group" data-rule-set={g.ruleSet}>
              <div className={styles.groupHead}>
                <h3 id={`group-${g.ruleSet}`} className={styles.groupTitle}>
                  {t('check.group', { name: ruleSetName(g.ruleSet), count: g.findings.length })}
                </h3>
                <LevelCounts counts={g.counts} testIdPrefix="group-count" hideZero />
              </div>
              <ul className={styles.list}>
                {g.findings.map((f, i) => {
                  const kind = kinds.get(findingKey(f)) ?? [];
                  return (
                    <FindingItem
                      key={`${f.ruleId}:${f.block}:${f.start}:${f.end}:${i}`}
                      finding={f}
                      busy={busy}
                      onSelect={host.can.select ? () => select(f) : undefined}
                      onFix={host.can.fix && f.fixes.length ? (n) => void apply(editsFor([f], () => n)) : undefined}
                      onFixKind={host.can.fix ? () => void apply(editsFor(kind)) : undefined}
                      kindCount={kind.length}
                      onIgnore={() => ignore(f)}
                      onIgnoreRule={() => ignore(f, ruleKey(f))}
                      onFixRule={host.can.fix ? () => void apply(editsFor(byRule.get(f.ruleId) ?? [])) : undefined}
                      ruleCount={byRule.get(f.ruleId)?.length ?? 0}
                    />
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      )}
      {phase === 'done' && result && !visible.length && result.findings.length > 0 && <Text size={200}>{t('check.allIgnored')}</Text>}
    </div>
  );
}
