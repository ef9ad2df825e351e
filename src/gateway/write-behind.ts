import type { AuditInput, Reservation, Store } from './types';

/**
 * Writes that need not hold up a response — the audit record and the quota settlement of a finished call —
 * are queued and committed together once per turn of the event loop, in one transaction: one commit for
 * many calls instead of two each. Reservations are still taken synchronously, before a call goes out,
 * so budgets are never overspent; a settlement that waits a moment only overstates use meanwhile.
 * `flush()` runs on shutdown, so nothing queued is lost when the gateway stops.
 */
export class WriteBehind {
  private audits: AuditInput[] = [];
  private settles: Array<{ reservation: Reservation; tokens: number | null }> = [];
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly onError: (err: Error) => void,
  ) {}

  audit(record: AuditInput): void {
    this.audits.push(record);
    this.schedule();
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
    try {
      // One bad item is reported and skipped; it never rolls back the others.
      const each = (work: () => void) => {
        try {
          work();
        } catch (err) {
          this.onError(err as Error);
        }
      };
      this.store.batch(() => {
        for (const s of settles) each(() => (s.tokens === null ? this.store.quotas.release(s.reservation) : this.store.quotas.reconcile(s.reservation, s.tokens)));
        for (const a of audits) each(() => this.store.audit.append(a));
      });
    } catch (err) {
      this.onError(err as Error);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
