import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { QuotaLimits, QuotaStore, Reservation, ReserveResult } from '../types';

/**
 * Quotas in SQLite (tables quota_minute, quota_day, quota_reservation; see migrations.ts).
 *
 * Windows:
 * - Requests per minute: FIXED 60 s windows keyed by the window's start (epoch seconds, aligned to the UTC
 *   minute). Exact and O(1), with an exact Retry-After (the end of the window); the known cost is that a
 *   client can make up to twice the limit across a window boundary. A refused request does not count.
 * - Tokens per day: the Hong Kong calendar day (Asia/Hong_Kong, UTC+8 with no daylight saving since 1979),
 *   i.e. budgets reset at HK midnight = 16:00 UTC, the officers' "day". A reservation, and its
 *   reconciliation, count against the day on which it was reserved, even if the request ends after midnight.
 *
 * Each request reserves its worst case (one request, its prompt estimate + max_tokens) for the user and the
 * department in one IMMEDIATE transaction that checks all four budgets first, so concurrent requests, from
 * this process or another on the same file, can never overspend. `reconcile` replaces the reserved tokens
 * with the actual ones; `release` (a failed request) returns the tokens but the request still counts.
 * A reservation whose process died is expired after `staleAfterMinutes`: its tokens are returned (the
 * real use is unknown); if its request does end later, reconcile still charges the actual tokens.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Asia/Hong_Kong has been UTC+8 all year since 1979. */
const HK_OFFSET_MS = 8 * 3_600_000;
/** How often (at most) a store looks for stale reservations and old counters. */
const SWEEP_EVERY_MS = MINUTE_MS;
/** Daily counters are kept this many days (for inspection), then deleted. */
const KEEP_DAYS = 8;

/** The Hong Kong calendar day of an instant, and when (epoch ms) it ends. */
export function hongKongDay(now: Date | number): { day: string; endsAtMs: number } {
  const ms = typeof now === 'number' ? now : now.getTime();
  const startShifted = Math.floor((ms + HK_OFFSET_MS) / DAY_MS) * DAY_MS;
  return { day: new Date(startShifted).toISOString().slice(0, 10), endsAtMs: startShifted + DAY_MS - HK_OFFSET_MS };
}

export interface SqliteQuotaOptions {
  /** Minutes after which a reservation that was never reconciled or released is expired. Default 15. */
  staleAfterMinutes?: number;
}

type Scope = 'user' | 'department';

interface ReservationRow {
  id: string;
  user_id: string;
  department: string;
  day: string;
  tokens: number;
  state: 'reserved' | 'expired';
}

interface Block {
  resetsAtMs: number;
  reason: string;
}

export class SqliteQuotaStore implements QuotaStore {
  private readonly staleAfterMs: number;
  private lastSweepMs = -Infinity;

  private readonly minuteUsed: Database.Statement<[Scope, string, number], { requests: number }>;
  private readonly minuteAdd: Database.Statement<[Scope, string, number]>;
  private readonly dayUsed: Database.Statement<[Scope, string, string], { tokens: number }>;
  private readonly dayAdd: Database.Statement<[{ scope: Scope; subject: string; day: string; delta: number }]>;
  private readonly insertReservation: Database.Statement<[string, string, string, string, number, number]>;
  private readonly getReservation: Database.Statement<[string], ReservationRow>;
  private readonly deleteReservation: Database.Statement<[string]>;
  private readonly staleReservations: Database.Statement<[number], ReservationRow>;
  private readonly expireReservation: Database.Statement<[string]>;
  private readonly dropExpired: Database.Statement<[number]>;
  private readonly dropMinutes: Database.Statement<[number]>;
  private readonly dropDays: Database.Statement<[string]>;

  private readonly reserveTx: (input: Parameters<QuotaStore['reserve']>[0]) => ReserveResult;
  private readonly settleTx: (id: string, actualTokens: number | null) => void;

  constructor(db: Database.Database, options: SqliteQuotaOptions = {}) {
    this.staleAfterMs = (options.staleAfterMinutes ?? 15) * MINUTE_MS;
    this.minuteUsed = db.prepare('SELECT requests FROM quota_minute WHERE scope = ? AND subject = ? AND window_start = ?');
    this.minuteAdd = db.prepare(
      'INSERT INTO quota_minute (scope, subject, window_start, requests) VALUES (?, ?, ?, 1) ON CONFLICT (scope, subject, window_start) DO UPDATE SET requests = requests + 1',
    );
    this.dayUsed = db.prepare('SELECT tokens FROM quota_day WHERE scope = ? AND subject = ? AND day = ?');
    this.dayAdd = db.prepare(
      'INSERT INTO quota_day (scope, subject, day, tokens) VALUES (@scope, @subject, @day, MAX(0, @delta)) ON CONFLICT (scope, subject, day) DO UPDATE SET tokens = MAX(0, tokens + @delta)',
    );
    this.insertReservation = db.prepare(
      "INSERT INTO quota_reservation (id, user_id, department, day, tokens, created_ms, state) VALUES (?, ?, ?, ?, ?, ?, 'reserved')",
    );
    this.getReservation = db.prepare('SELECT id, user_id, department, day, tokens, state FROM quota_reservation WHERE id = ?');
    this.deleteReservation = db.prepare('DELETE FROM quota_reservation WHERE id = ?');
    this.staleReservations = db.prepare("SELECT id, user_id, department, day, tokens, state FROM quota_reservation WHERE state = 'reserved' AND created_ms < ?");
    this.expireReservation = db.prepare("UPDATE quota_reservation SET state = 'expired' WHERE id = ?");
    this.dropExpired = db.prepare("DELETE FROM quota_reservation WHERE state = 'expired' AND created_ms < ?");
    this.dropMinutes = db.prepare('DELETE FROM quota_minute WHERE window_start < ?');
    this.dropDays = db.prepare('DELETE FROM quota_day WHERE day < ?');

    const reserve = db.transaction((input: Parameters<QuotaStore['reserve']>[0]) => this.reserveLocked(input));
    const settle = db.transaction((id: string, actual: number | null) => this.settleLocked(id, actual));
    // IMMEDIATE: the write lock is held from the first read of a budget to the recorded reservation.
    this.reserveTx = (input) => reserve.immediate(input);
    this.settleTx = (id, actual) => settle.immediate(id, actual);
  }

  reserve(input: { userId: string; department: string; tokens: number; user: QuotaLimits; departmentLimits: QuotaLimits; now: Date }): ReserveResult {
    if (!Number.isSafeInteger(input.tokens) || input.tokens < 0) throw new TypeError('quota reserve: tokens must be a non-negative integer');
    if (Number.isNaN(input.now.getTime())) throw new TypeError('quota reserve: now must be a valid date');
    return this.reserveTx(input);
  }

  reconcile(reservation: Reservation, actualTokens: number): void {
    if (!Number.isFinite(actualTokens) || actualTokens < 0) throw new TypeError('quota reconcile: actualTokens must be a non-negative number');
    this.settleTx(reservation.id, Math.ceil(actualTokens));
  }

  release(reservation: Reservation): void {
    this.settleTx(reservation.id, null);
  }

  private reserveLocked(input: { userId: string; department: string; tokens: number; user: QuotaLimits; departmentLimits: QuotaLimits; now: Date }): ReserveResult {
    const nowMs = input.now.getTime();
    if (nowMs - this.lastSweepMs >= SWEEP_EVERY_MS || nowMs < this.lastSweepMs) this.sweep(nowMs);

    const windowStartMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    const windowStart = windowStartMs / 1000;
    const { day, endsAtMs } = hongKongDay(nowMs);
    const subjects: [Scope, string, QuotaLimits][] = [
      ['user', input.userId, input.user],
      ['department', input.department, input.departmentLimits],
    ];

    const blocks: Block[] = [];
    for (const [scope, subject, limits] of subjects) {
      const requests = this.minuteUsed.get(scope, subject, windowStart)?.requests ?? 0;
      if (requests + 1 > limits.requestsPerMinute) {
        blocks.push({ resetsAtMs: windowStartMs + MINUTE_MS, reason: `${scope} ${subject} has used its ${limits.requestsPerMinute} requests for this minute` });
      }
      const tokens = this.dayUsed.get(scope, subject, day)?.tokens ?? 0;
      if (tokens + input.tokens > limits.tokensPerDay) {
        let reason: string;
        if (input.tokens > limits.tokensPerDay) reason = `this request may use up to ${input.tokens} tokens, more than ${scope} ${subject}'s whole daily budget of ${limits.tokensPerDay}`;
        else if (tokens >= limits.tokensPerDay) reason = `${scope} ${subject} has used its ${limits.tokensPerDay} tokens for today`;
        else reason = `${scope} ${subject} has ${limits.tokensPerDay - tokens} of its ${limits.tokensPerDay} tokens for today left, and this request may use up to ${input.tokens}`;
        blocks.push({ resetsAtMs: endsAtMs, reason: `${reason} (the day resets at midnight Hong Kong time)` });
      }
    }
    if (blocks.length) {
      // Every blocking budget must have reset before the request can pass.
      const resetsAtMs = Math.max(...blocks.map((b) => b.resetsAtMs));
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetsAtMs - nowMs) / 1000)), reason: blocks.map((b) => b.reason).join('; ') };
    }

    const id = randomUUID();
    for (const [scope, subject] of subjects) {
      this.minuteAdd.run(scope, subject, windowStart);
      this.dayAdd.run({ scope, subject, day, delta: input.tokens });
    }
    this.insertReservation.run(id, input.userId, input.department, day, input.tokens, nowMs);
    return { ok: true, reservation: { id } };
  }

  /** actual === null: release. Unknown or already settled reservations are ignored (idempotent). */
  private settleLocked(id: string, actual: number | null): void {
    const r = this.getReservation.get(id);
    if (!r) return;
    // An expired reservation has already given its tokens back.
    const delta = (actual ?? 0) - (r.state === 'reserved' ? r.tokens : 0);
    if (delta !== 0) {
      this.dayAdd.run({ scope: 'user', subject: r.user_id, day: r.day, delta });
      this.dayAdd.run({ scope: 'department', subject: r.department, day: r.day, delta });
    }
    this.deleteReservation.run(id);
  }

  /** Runs inside the reserve transaction. */
  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const r of this.staleReservations.all(nowMs - this.staleAfterMs)) {
      this.dayAdd.run({ scope: 'user', subject: r.user_id, day: r.day, delta: -r.tokens });
      this.dayAdd.run({ scope: 'department', subject: r.department, day: r.day, delta: -r.tokens });
      this.expireReservation.run(r.id);
    }
    this.dropExpired.run(nowMs - DAY_MS);
    this.dropMinutes.run(Math.floor(nowMs / MINUTE_MS) * 60 - 120);
    this.dropDays.run(hongKongDay(nowMs - KEEP_DAYS * DAY_MS).day);
  }
}
