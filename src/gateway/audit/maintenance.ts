import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { AuditBackend } from '../store/types';
import { checkpointFileName, serialiseCheckpoint, signCheckpoint, type Checkpoint, type Head } from './checkpoint';

/** Time as the maintenance sees it: injected, so tests move it on without sleeping. */
export interface Clock {
  now(): Date;
  /** Calls `fn` every `ms` until cancelled; the handle must not keep the process alive. */
  every(ms: number, fn: () => void): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => new Date(),
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
};

/** What maintenance needs of the audit log (either store: the methods may answer with promises). */
export type MaintainedLog = Pick<AuditBackend, 'purgeExpiredText' | 'verify' | 'head'>;

export interface MaintenanceOptions {
  log: MaintainedLog;
  clock?: Clock;
  report: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Kept text past its expiry is purged at start and then this often. */
  purgeEveryMs: number;
  /** Signed checkpoints of the head, when the operator gave a private key. */
  checkpoints?: { key: KeyObject; dir: string; everyMs: number };
  /** Summary records of rate-limited refusals, once per refusal window. */
  refusals?: { everyMs: number; sweep(all: boolean): void };
}

export interface Maintenance {
  /** Purges now; resolves to how many records lost their kept text. */
  purge(): Promise<number>;
  /** Verifies the chain and signs its head (unless nothing was added since the last one); resolves to the checkpoint. */
  checkpoint(): Promise<Checkpoint | undefined>;
  /** Cancels the schedule; writes a last checkpoint and the refusal summaries first. */
  stop(): void;
}

/**
 * The audit trail's scheduled work: retention (a department's kept text is purged once it expires — the
 * hashes stay, so the chain still verifies), periodic signed checkpoints and refusal summaries.
 */
export function startMaintenance(options: MaintenanceOptions): Maintenance {
  const clock = options.clock ?? systemClock;
  const { log, report } = options;
  let last: Head | undefined;

  const purge = async (): Promise<number> => {
    try {
      const n = await log.purgeExpiredText(clock.now());
      if (n) report.info({ records: n }, 'expired kept text purged from the audit trail');
      return n;
    } catch (err) {
      report.error({ reason: (err as Error).message }, 'purging expired kept text failed');
      return 0;
    }
  };

  const checkpoint = async (): Promise<Checkpoint | undefined> => {
    const cp = options.checkpoints;
    if (!cp) return undefined;
    try {
      const head = await log.head();
      if (last && last.seq === head.seq && last.hash === head.hash) return undefined;
      // Never sign a head the chain does not lead to: that would make a tampered trail look pinned.
      const v = await log.verify();
      if (!v.ok) {
        report.error({ brokenAt: v.brokenAt, reason: v.reason }, 'audit trail broken: no checkpoint signed');
        return undefined;
      }
      const signed = signCheckpoint(head, cp.key, clock.now());
      mkdirSync(cp.dir, { recursive: true });
      writeFileSync(join(cp.dir, checkpointFileName(signed)), serialiseCheckpoint(signed), { flag: 'wx' });
      last = head;
      report.info({ seq: signed.seq, hash: signed.hash, keyId: signed.keyId }, 'audit checkpoint signed');
      return signed;
    } catch (err) {
      report.error({ reason: (err as Error).message }, 'audit checkpoint failed');
      return undefined;
    }
  };

  void purge();
  const timers = [clock.every(options.purgeEveryMs, () => void purge())];
  if (options.checkpoints) timers.push(clock.every(options.checkpoints.everyMs, () => void checkpoint()));
  const refusals = options.refusals;
  if (refusals) timers.push(clock.every(refusals.everyMs, () => refusals.sweep(false)));

  return {
    purge,
    checkpoint,
    stop() {
      for (const t of timers) t.cancel();
      refusals?.sweep(true);
    },
  };
}
