/** What the Check pane says after a fix batch and about a read, from what the host reported (no host calls here). */
import type { EditResult, ReadNotes, SkipReason } from '../../hosts/document-host';
import type { MessageKey, PluralKey } from '../../i18n';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;
type TN = (key: PluralKey, count: number, vars?: Record<string, string | number>) => string;

const REASON_KEYS: Partial<Record<SkipReason, PluralKey>> = {
  revision: 'check.skippedRevision',
  'read-only': 'check.skippedReadOnly',
  failed: 'check.skippedFailed',
};

/** "3 fixes applied." then one sentence per kind of skip. */
export function outcomeText(outcome: EditResult, tn: TN): string {
  const parts = [tn('check.applied', outcome.applied)];
  const counts = new Map<PluralKey, number>();
  const details = outcome.details ?? [];
  for (const d of details) {
    const key = REASON_KEYS[d.reason] ?? 'check.skipped';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Hosts that give no details: every skip is "the text changed".
  const unexplained = outcome.skipped - details.length;
  if (unexplained > 0) counts.set('check.skipped', (counts.get('check.skipped') ?? 0) + unexplained);
  for (const [key, count] of counts) parts.push(tn(key, count));
  return parts.join(' ');
}

/** Sentences about the read: tracked changes, and the parts of the document the host could not check. */
export function readNoteTexts(notes: ReadNotes | undefined, t: T, tn: TN): string[] {
  if (!notes) return [];
  const out: string[] = [];
  if (notes.pendingRevisions) out.push(tn('check.pendingRevisions', notes.pendingRevisions));
  if (notes.notChecked?.length) {
    const parts = notes.notChecked.map((p) => t(`check.part.${p}` as MessageKey));
    out.push(t('check.notChecked', { parts: parts.join(t('common.listSeparator')) }));
  }
  return out;
}
