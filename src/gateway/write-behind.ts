import type { Store } from './store/types';
import type { AuditInput, AuditRecord, Reservation } from './types';

interface QueuedAudit {
  record: AuditInput;
  /** Present when a caller waits for the commit (the answer is held until its record is durable). */
  committed?: { resolve(record: AuditRecord): void; reject(err: Error): void };
}

/**
 * Writes are queued and committed together once per turn of the event loop, in one transaction: one commit
 * (one fsync, with synchronous=FULL) for all the calls that end in that turn instead of two each.
 * Reservations are still taken synchronously, before a call goes out, so budgets are never overspent; a
 * settlement that waits a moment only overstates use meanwhile.
 *
 * Audit records fail closed: `auditCommitted` resolves only once the record's transaction has committed and
 * rejects when it did not, so the caller can withhold the answer (see audit/trail.ts). `audit` (no waiting) is
 * for records of calls that have no answer to withhold (refusals, cancelled calls). `flush()` runs on
 * shutdown, so nothing queued is lost when the gateway stops.
 */
export class WriteBehind {
  private audits: QueuedAudit[] = [];
  private settles: Array<{ reservation: Reservation; tokens: number | null }> = [];
  private scheduled = false;
  /** Appends a shared store has not yet confirmed. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Queues a record; a failure to write it is reported to onError. */
  audit(record: AuditInput): void {
    this.audits.push({ record });
    this.schedule();
  }

  /** Queues a record and resolves once it is committed; rejects (and reports to onError) when it is not. */
  auditCommitted(record: AuditInput): Promise<AuditRecord> {
    return new Promise((resolve, reject) => {
      this.audits.push({ record, committed: { resolve, reject } });
      this.schedule();
    });
  }

  /** `tokens` null releases the reservation (the call failed before using any). */
  settle(reservation: Reservation, tokens: number | null): void {
    this.settles.push({ reservation, tokens });
    this.schedule();
  }

  get pending(): number {
    return this.audits.length + this.settles.length;
  }

  flush(): void {
    this.scheduled = false;
    if (!this.pending) return;
    const audits = this.audits;
    const settles = this.settles;
    this.audits = [];
    this.settles = [];
    // SQLite appends return the record inside the batch; a shared store's return promises (it group-commits).
    const appended: Array<{ item: QueuedAudit; record: AuditRecord | Promise<AuditRecord> }> = [];
    const failed: Array<{ item: QueuedAudit; err: Error }> = [];
    try {
      this.store.batch(() => {
        // One bad item is reported and skipped; it never rolls back the others (each append is its own
        // savepoint inside the batch, so a failed one leaves nothing behind).
        for (const s of settles) {
          try {
            const done = s.tokens === null ? this.store.quotas.release(s.reservation) : this.store.quotas.reconcile(s.reservation, s.tokens);
            if (done instanceof Promise) done.catch((err: Error) => this.onError(err));
          } catch (err) {
            this.onError(err as Error);
          }
        }
        for (const item of audits) {
          try {
            appended.push({ item, record: this.store.audit.append(item.record) });
          } catch (err) {
            failed.push({ item, err: err as Error });
          }
        }
      });
    } catch (err) {
      // The transaction did not commit: none of its records exist.
      this.onError(err as Error);
      for (const a of appended) a.item.committed?.reject(err as Error);
      for (const f of failed) f.item.committed?.reject(f.err);
      return;
    }
    for (const f of failed) {
      this.onError(f.err);
      f.item.committed?.reject(f.err);
    }
    for (const a of appended) {
      if (!(a.record instanceof Promise)) {
        a.item.committed?.resolve(a.record);
        continue;
      }
      const settled = a.record.then(
        (record) => a.item.committed?.resolve(record),
        (err: Error) => {
          this.onError(err);
          a.item.committed?.reject(err);
        },
      );
      this.inFlight.add(settled);
      void settled.finally(() => this.inFlight.delete(settled));
    }
  }

  /** Resolves once every append handed to the store so far has been confirmed or has failed. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
