/**
 * Reply (Outlook): the incoming message (shown as text: it is untrusted data, never instructions), an offline
 * extract of its first sentences, an email-reply template, key points -> a reply drafted by the gateway with the
 * message quoted as data -> Insert into the reply being composed, or open a reply form (read mode).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowClockwise16Regular, ArrowReply20Regular, DocumentArrowLeft20Regular } from '@fluentui/react-icons';
import type { DepartmentInfo } from '../api/types';
import { useApp } from '../app/context';
import { DraftForm } from '../components/DraftForm';
import { DraftResult } from '../components/DraftResult';
import { Notice } from '../components/Notice';
import type { IncomingMessage } from '../hosts/document-host';
import { useI18n } from '../i18n';
import { useDraftStream } from './shared/draft-stream';
import { fixDraft } from './shared/draft-fixes';
import { blocksToHtml, markdownToBlocks } from './shared/markdown';
import { provenanceForInsert } from './shared/provenance';
import { extractSummary } from './shared/summary';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    overflowWrap: 'anywhere',
  },
  dl: { margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0 },
  label: { color: tokens.colorNeutralForeground3 },
});

type MessageState = { status: 'loading' } | { status: 'ready'; message: IncomingMessage } | { status: 'error'; reason: string };
type Outcome = { kind: 'inserted' | 'opened' } | { kind: 'failed'; reason: string } | { kind: 'fixed'; count: number } | null;

export default function ReplyPane() {
  const { host, gateway, templates, reloadTemplates } = useApp();
  const { t } = useI18n();
  const styles = useStyles();
  const draft = useDraftStream();
  const [incoming, setIncoming] = useState<MessageState>({ status: 'loading' });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [acting, setActing] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const readMessage = () => {
    if (!host.readMessage) return;
    setIncoming({ status: 'loading' });
    host.readMessage().then(
      (message) => mounted.current && setIncoming({ status: 'ready', message }),
      (err: unknown) => mounted.current && setIncoming({ status: 'error', reason: (err as Error).message }),
    );
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(readMessage, [host]);

  const replyDepartments = useMemo<DepartmentInfo[]>(
    () =>
      templates.status === 'ready'
        ? templates.departments.map((d) => ({ ...d, templates: d.templates.filter((x) => x.kind === 'email-reply') })).filter((d) => d.templates.length)
        : [],
    [templates],
  );
  const summary = useMemo(() => (incoming.status === 'ready' ? extractSummary(incoming.message.body) : ''), [incoming]);

  if (!host.readMessage) {
    return (
      <div className={styles.root} data-testid="reply-pane">
        <Notice intent="info">{t('reply.notOutlook')}</Notice>
      </div>
    );
  }

  const streaming = draft.run.phase === 'streaming';
  const unreachable = gateway.state === 'unreachable';
  const readMode = host.kind === 'outlook-read';

  const act = async (how: 'insert' | 'open') => {
    if (draft.run.phase !== 'done' || acting) return;
    setActing(true);
    const blocks = markdownToBlocks(draft.run.text);
    try {
      if (how === 'open' && host.openReplyForm) {
        await host.openReplyForm(blocksToHtml(blocks));
        setOutcome({ kind: 'opened' });
      } else {
        await host.insertDraft(blocks, { mode: 'cursor', provenance: provenanceForInsert(draft.run.done, host.kind) });
        setOutcome({ kind: 'inserted' });
      }
    } catch (err) {
      setOutcome({ kind: 'failed', reason: (err as Error).message });
    } finally {
      if (mounted.current) setActing(false);
    }
  };

  let form;
  if (unreachable && templates.status !== 'ready') {
    form = (
      <Notice intent="warning" title={t('gateway.unreachable')} testId="draft-waiting">
        {t('draft.waiting')}
      </Notice>
    );
  } else if (templates.status === 'idle' || templates.status === 'loading') {
    form = <Spinner size="small" label={t('draft.loadingTemplates')} data-testid="templates-loading" />;
  } else if (templates.status === 'error') {
    form = (
      <Notice intent="error" testId="templates-error" actions={<Button icon={<ArrowClockwise16Regular />} onClick={reloadTemplates}>{t('common.retry')}</Button>}>
        {t('draft.templatesFailed', { reason: templates.message })}
      </Notice>
    );
  } else if (!replyDepartments.length) {
    form = (
      <Notice intent="info" testId="templates-empty">
        {t('reply.noTemplates')}
      </Notice>
    );
  } else {
    const message = incoming.status === 'ready' ? incoming.message : undefined;
    form = (
      <>
        {unreachable && <Notice intent="warning" testId="draft-waiting">{t('draft.waiting')}</Notice>}
        <DraftForm
          departments={replyDepartments}
          prefill={message ? { subject: message.subject } : undefined}
          busy={streaming}
          blocked={unreachable || !message}
          onSubmit={(request) => {
            if (!message) return;
            setOutcome(null);
            void draft.start({ ...request, replyTo: { subject: message.subject, from: message.from, body: message.body } });
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
            readMode ? (
              <Button appearance="primary" icon={<ArrowReply20Regular />} disabled={acting || !host.openReplyForm} onClick={() => void act('open')} data-testid="reply-open-form">
                {t('reply.openForm')}
              </Button>
            ) : (
              <Button appearance="primary" icon={<DocumentArrowLeft20Regular />} disabled={acting || !host.can.insert} onClick={() => void act('insert')} data-testid="insert-button">
                {t('reply.insert')}
              </Button>
            )
          }
          outcome={
            outcome &&
            (outcome.kind === 'failed' ? (
              <Notice intent="error" testId="insert-failed">{t('draft.insertFailed', { reason: outcome.reason })}</Notice>
            ) : outcome.kind === 'fixed' ? (
              <Notice intent="info">{t('draft.fixesApplied', { count: outcome.count })}</Notice>
            ) : (
              <Notice intent="success" testId="insert-done">{outcome.kind === 'opened' ? t('reply.opened') : t('reply.inserted')}</Notice>
            ))
          }
        />
      </>
    );
  }

  return (
    <div className={styles.root} data-testid="reply-pane">
      <h2 className={styles.title}>{t('reply.title')}</h2>
      {incoming.status === 'loading' && <Spinner size="small" label={t('reply.reading')} data-testid="message-loading" />}
      {incoming.status === 'error' && (
        <Notice intent="error" testId="message-error" actions={<Button onClick={readMessage}>{t('common.retry')}</Button>}>
          {t('reply.readFailed', { reason: incoming.reason })}
        </Notice>
      )}
      {incoming.status === 'ready' && (
        <section className={styles.card} aria-label={t('reply.incoming')} data-testid="incoming-message">
          <dl className={styles.dl}>
            <dt className={styles.dt}>{t('reply.from')}</dt>
            <dd className={styles.dd}>{incoming.message.from}</dd>
            <dt className={styles.dt}>{t('reply.subject')}</dt>
            <dd className={styles.dd}>{incoming.message.subject}</dd>
          </dl>
          <Text weight="semibold">{t('reply.summary')}</Text>
          <Text data-testid="message-summary">{summary || t('reply.noText')}</Text>
          <Text size={200} className={styles.label} data-testid="summary-label">
            {t('reply.extractLabel')} {t('reply.untrusted')}
          </Text>
        </section>
      )}
      {form}
    </div>
  );
}
