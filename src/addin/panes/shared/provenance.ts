/**
 * The provenance record to keep with an inserted draft: the gateway's record from `done`, plus which draft (a new
 * id, keying Word's content control to its custom XML part), who inserted it and when. A draft whose `done` has no
 * record (an older gateway) is inserted without one.
 */
import { insertedProvenance, newDraftId, type InsertedProvenance } from '../../../core/drafting/provenance-record';
import type { DraftDone } from '../../api/types';
import type { HostKind } from '../../hosts/document-host';

export function provenanceForInsert(done: DraftDone | undefined, host: HostKind, now = new Date()): InsertedProvenance | undefined {
  const record = done?.provenance;
  if (!record || typeof record !== 'object' || !record.template || !Array.isArray(record.sections)) return undefined;
  return insertedProvenance(record, { draftId: newDraftId(), host, now });
}
