/**
 * Draft: a department template, its form, key points -> a draft streamed from the gateway (Stop at any time) ->
 * its sources and the core's findings -> Insert at the cursor, or in place of the selection. Nothing goes into the
 * document until the officer clicks Insert, and only a finished draft can be inserted.
 * The pane also carries the selection-actions menu (polish, translate, summarise, formalise, minutes, bilingual check: ./actions).
 */
import { useState } from 'react';
import { Button, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { ArrowClockwise16Regular, DocumentArrowLeft20Regular, TextEditStyle20Regular } from '@fluentui/react-icons';
import { useApp } from '../app/context';
import { DraftForm } from '../components/DraftForm';
import { DraftResult } from '../components/DraftResult';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n';
import type { InsertOptions } from '../hosts/document-host';
import { SelectionActions } from './actions';
import { useDraftStream } from './shared/draft-stream';
import { fixDraft } from './shared/draft-fixes';
import { markdownToBlocks } from './shared/markdown';
import { provenanceForInsert } from './shared/provenance';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

type Outcome = { kind: 'inserted' } | { kind: 'failed'; reason: string } | { kind: 'fixed'; count: number } | null;

export default function DraftPane() {
  const { host, gateway, templates, reloadTemplates } = useApp();
  const { t } = useI18n();
  const styles = useStyles();
  const draft = useDraftStream();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [inserting, setInserting] = useState(false);
  const streaming = draft.run.phase === 'streaming';
  const unreachable = gateway.state === 'unreachable';

  const insert = async (mode: InsertOptions['mode']) => {
    if (draft.run.phase !== 'done' || inserting) return;
    setInserting(true);
    try {
      await host.insertDraft(markdownToBlocks(draft.run.text), { mode, provenance: provenanceForInsert(draft.run.done, host.kind) });
      setOutcome({ kind: 'inserted' });
    } catch (err) {
      setOutcome({ kind: 'failed', reason: (err as Error).message });
    } finally {
      setInserting(false);
    }
  };

  let body;
  if (unreachable && templates.status !== 'ready') {
    body = (
      <Notice intent="warning" title={t('gateway.unreachable')} testId="draft-waiting">
        {t('draft.waiting')}
      </Notice>
    );
  } else if (templates.status === 'idle' || templates.status === 'loading') {
    body = <Spinner size="small" label={t('draft.loadingTemplates')} data-testid="templates-loading" />;
  } else if (templates.status === 'error') {
    body = (
      <Notice
        intent="error"
        testId="templates-error"
        actions={
          <Button icon={<ArrowClockwise16Regular />} onClick={reloadTemplates}>
            {t('common.retry')}
          </Button>
        }
      >
        {t('draft.templatesFailed', { reason: templates.message })}
      </Notice>
    );
  } else if (!templates.departments.some((d) => d.templates.length)) {
    body = (
      <Notice intent="info" testId="templates-empty">
        {t('draft.noTemplates')}
      </Notice>
    );
  } else {
    body = (
      <>
        {unreachable && (
          <Notice intent="warning" testId="draft-waiting">
            {t('draft.waiting')}
          </Notice>
        )}
        <DraftForm
          departments={templates.departments.filter((d) => d.templates.length)}
          busy={streaming}
          blocked={unreachable}
          onSubmit={(request) => {
            setOutcome(null);
            void draft.start(request);
          }}
        />
        <DraftResult
          run={draft.run}
          onStop={draft.stop}
          onApplyFixes={() => {
            const fixed = fixDraft(draft.run.text, draft.run.findings ?? []);
            draft.revise(fixed.text, fixed.remaining);
            setOutcome({ kind: 'fixed', count: fixed.applied });
          }}
          actions={
            <>
              <Button appearance="primary" icon={<DocumentArrowLeft20Regular />} disabled={inserting || !host.can.insert} onClick={() => void insert('cursor')} data-testid="insert-button">
                {t('draft.insert')}
              </Button>
              <Button icon={<TextEditStyle20Regular />} disabled={inserting || !host.can.insert} onClick={() => void insert('replace-selection')} data-testid="insert-replace-button">
                {t('draft.insertReplace')}
              </Button>
            </>
          }
          outcome={
            outcome &&
            (outcome.kind === 'inserted' ? (
              <Notice intent="success" testId="insert-done">
                {t('draft.inserted')}
              </Notice>
            ) : outcome.kind === 'fixed' ? (
              <Notice intent="info">{t('draft.fixesApplied', { count: outcome.count })}</Notice>
            ) : (
              <Notice intent="error" testId="insert-failed">
                {t('draft.insertFailed', { reason: outcome.reason })}
              </Notice>
            ))
          }
        />
      </>
    );
  }

  return (
    <div className={styles.root} data-testid="draft-pane">
      <h2 className={styles.title}>{t('draft.title')}</h2>
      <SelectionActions pane="draft" />
      {body}
    </div>
  );
}
