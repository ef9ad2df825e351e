/**
 * Quotas in Redis, shared by every replica, with the embedded store's semantics (store/sqlite-quotas.ts):
 * fixed 60 s request windows aligned to the UTC minute, tokens per Hong Kong calendar day, the worst case
 * reserved for the user AND the department at once, reconciled or released later, a reservation whose replica
 * died expired after `staleAfterMinutes` (its tokens given back). Refused requests do not count.
 *
 * Atomicity: each reserve and each settle is ONE Lua script, which Redis runs without interleaving anything
 * else, so checking the four budgets and recording the reservation cannot race with another replica's.
 * Keys are built inside the scripts, so this needs a standalone Redis (or Sentinel), not Redis Cluster.
 * Production Redis should persist (appendonly yes): a Redis that restarts empty forgets the day's spending.
 *
 * Failing closed: commands are not queued while Redis is away (enableOfflineQueue off) and time out quickly;
 * `reserve` then throws HttpError 503 with the reason, so no model call is made unmetered. Checks and
 * templates never touch the quota store and go on working.
 */
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { HttpError, type QuotaLimits, type Reservation, type ReserveResult } from '../types';
import { hongKongDay } from './sqlite-quotas';
import type { QuotaBackend, ReserveInput } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Daily counters are kept this many days (for inspection), as in SQLite. */
const KEEP_DAYS = 8;

/*
 * Keys (P = prefix): P m:u:<window>:<user>  P m:d:<window>:<department>   requests in a minute window
 *                    P d:u:<day>:<user>     P d:d:<day>:<department>      tokens on a Hong Kong day
 *                    P r:<id>  hash u, d, day, t (tokens), s (reserved|expired)    P open  zset id -> created ms
 * The subject comes last, so a ':' inside a user id cannot make two keys collide.
 */
const RESERVE = `
local P = ARGV[1]
local user, dept, tokens = ARGV[2], ARGV[3], tonumber(ARGV[4])
local uRpm, uTpd, dRpm, dTpd = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local now, staleBefore, id, win, day = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11], ARGV[12], ARGV[13]
local dayTtl = tonumber(ARGV[14])
local function dayAdd(key, delta)
  local v = tonumber(redis.call('GET', key) or '0') + delta
  if v < 0 then v = 0 end
  redis.call('SET', key, v, 'PX', dayTtl)
end
-- reservations whose replica never came back give their tokens back
local stale = redis.call('ZRANGEBYSCORE', P .. 'open', '-inf', '(' .. staleBefore, 'LIMIT', 0, 100)
for _, rid in ipairs(stale) do
  local r = redis.call('HMGET', P .. 'r:' .. rid, 'u', 'd', 'day', 't', 's')
  if r[1] and r[5] == 'reserved' then
    dayAdd(P .. 'd:u:' .. r[3] .. ':' .. r[1], -tonumber(r[4]))
    dayAdd(P .. 'd:d:' .. r[3] .. ':' .. r[2], -tonumber(r[4]))
    redis.call('HSET', P .. 'r:' .. rid, 's', 'expired')
    redis.call('PEXPIRE', P .. 'r:' .. rid, 86400000)
  end
  redis.call('ZREM', P .. 'open', rid)
end
local mu, md = P .. 'm:u:' .. win .. ':' .. user, P .. 'm:d:' .. win .. ':' .. dept
local du, dd = P .. 'd:u:' .. day .. ':' .. user, P .. 'd:d:' .. day .. ':' .. dept
local used = { tonumber(redis.call('GET', mu) or '0'), tonumber(redis.call('GET', du) or '0'), tonumber(redis.call('GET', md) or '0'), tonumber(redis.call('GET', dd) or '0') }
if used[1] + 1 > uRpm or used[2] + tokens > uTpd or used[3] + 1 > dRpm or used[4] + tokens > dTpd then
  return { 0, used[1], used[2], used[3], used[4] }
end
for _, k in ipairs({ mu, md }) do
  redis.call('INCR', k)
  redis.call('PEXPIRE', k, 180000)
end
dayAdd(du, tokens)
dayAdd(dd, tokens)
redis.call('HSET', P .. 'r:' .. id, 'u', user, 'd', dept, 'day', day, 't', tokens, 's', 'reserved')
redis.call('PEXPIRE', P .. 'r:' .. id, dayTtl)
redis.call('ZADD', P .. 'open', now, id)
return { 1, used[1], used[2], used[3], used[4] }
`;

/** ARGV: prefix, id, actual tokens (-1: release, i.e. 0 used), day counter TTL. Unknown ids: ignored (idempotent). */
const SETTLE = `
local P, id, actual, dayTtl = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local k = P .. 'r:' .. id
local r = redis.call('HMGET', k, 'u', 'd', 'day', 't', 's')
if not r[1] then return 0 end
local reserved = 0
if r[5] == 'reserved' then reserved = tonumber(r[4]) end
if actual < 0 then actual = 0 end
local delta = actual - reserved
if delta ~= 0 then
  for _, key in ipairs({ P .. 'd:u:' .. r[3] .. ':' .. r[1], P .. 'd:d:' .. r[3] .. ':' .. r[2] }) do
    local v = tonumber(redis.call('GET', key) or '0') + delta
    if v < 0 then v = 0 end
    redis.call('SET', key, v, 'PX', dayTtl)
  end
end
redis.call('DEL', k)
redis.call('ZREM', P .. 'open', id)
return 1
`;

export interface RedisQuotaOptions {
  /** Minutes after which a reservation never reconciled or released is expired. Default 15 (as SQLite). */
  staleAfterMinutes?: number;
  /** Key prefix, so that several deployments (or tests) can share one Redis. Default "wenshu:q:". */
  prefix?: string;
}

type QuotaRedis = Redis & {
  wenshuReserve(...args: (string | number)[]): Promise<number[]>;
  wenshuSettle(...args: (string | number)[]): Promise<number>;
};

export class RedisQuotaStore implements QuotaBackend {
  private readonly redis: QuotaRedis;
  private readonly staleAfterMs: number;
  private readonly prefix: string;

  constructor(redis: Redis, options: RedisQuotaOptions = {}) {
    this.staleAfterMs = (options.staleAfterMinutes ?? 15) * MINUTE_MS;
    this.prefix = options.prefix ?? 'wenshu:q:';
    // defineCommand: EVALSHA with the script's digest, falling back to EVAL once after a Redis restart.
    redis.defineCommand('wenshuReserve', { numberOfKeys: 0, lua: RESERVE });
    redis.defineCommand('wenshuSettle', { numberOfKeys: 0, lua: SETTLE });
    this.redis = redis as QuotaRedis;
  }

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    if (!Number.isSafeInteger(input.tokens) || input.tokens < 0) throw new TypeError('quota reserve: tokens must be a non-negative integer');
    if (Number.isNaN(input.now.getTime())) throw new TypeError('quota reserve: now must be a valid date');
    const nowMs = input.now.getTime();
    const windowStartMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    const { day, endsAtMs } = hongKongDay(nowMs);
    const id = randomUUID();
    let answer: number[];
    try {
      answer = await this.redis.wenshuReserve(
        this.prefix,
        input.userId,
        input.department,
        input.tokens,
        input.user.requestsPerMinute,
        input.user.tokensPerDay,
        input.departmentLimits.requestsPerMinute,
        input.departmentLimits.tokensPerDay,
        nowMs,
        nowMs - this.staleAfterMs,
        id,
        windowStartMs / 1000,
        day,
        KEEP_DAYS * DAY_MS,
      );
    } catch (err) {
      throw unavailable(err);
    }
    const [ok, userRequests, userTokens, deptRequests, deptTokens] = answer.map(Number);
    if (ok === 1) return { ok: true, reservation: { id } };
    const blocks = [
      ...blocksOf('user', input.userId, input.user, userRequests, userTokens, input.tokens, windowStartMs, endsAtMs),
      ...blocksOf('department', input.department, input.departmentLimits, deptRequests, deptTokens, input.tokens, windowStartMs, endsAtMs),
    ];
    const resetsAtMs = Math.max(...blocks.map((b) => b.resetsAtMs));
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetsAtMs - nowMs) / 1000)), reason: blocks.map((b) => b.reason).join('; ') };
  }

  async reconcile(reservation: Reservation, actualTokens: number): Promise<void> {
    if (!Number.isFinite(actualTokens) || actualTokens < 0) throw new TypeError('quota reconcile: actualTokens must be a non-negative number');
    await this.settle(reservation.id, Math.ceil(actualTokens));
  }

  async release(reservation: Reservation): Promise<void> {
    await this.settle(reservation.id, -1);
  }

  private async settle(id: string, actual: number): Promise<void> {
    try {
      await this.redis.wenshuSettle(this.prefix, id, actual, KEEP_DAYS * DAY_MS);
    } catch (err) {
      throw unavailable(err);
    }
  }
}

/** The same reasons, word for word, as the embedded store gives (the contract suite compares them). */
function blocksOf(scope: string, subject: string, limits: QuotaLimits, requests: number, tokens: number, asked: number, windowStartMs: number, dayEndsAtMs: number) {
  const blocks: Array<{ resetsAtMs: number; reason: string }> = [];
  if (requests + 1 > limits.requestsPerMinute) {
    blocks.push({ resetsAtMs: windowStartMs + MINUTE_MS, reason: `${scope} ${subject} has used its ${limits.requestsPerMinute} requests for this minute` });
  }
  if (tokens + asked > limits.tokensPerDay) {
    let reason: string;
    if (asked > limits.tokensPerDay) reason = `this request may use up to ${asked} tokens, more than ${scope} ${subject}'s whole daily budget of ${limits.tokensPerDay}`;
    else if (tokens >= limits.tokensPerDay) reason = `${scope} ${subject} has used its ${limits.tokensPerDay} tokens for today`;
    else reason = `${scope} ${subject} has ${limits.tokensPerDay - tokens} of its ${limits.tokensPerDay} tokens for today left, and this request may use up to ${asked}`;
    blocks.push({ resetsAtMs: dayEndsAtMs, reason: `${reason} (the day resets at midnight Hong Kong time)` });
  }
  return blocks;
}

function unavailable(err: unknown): HttpError {
  const why = (err as Error)?.message ?? String(err);
  return new HttpError(503, 'quota_store_unavailable', `quotas cannot be checked because Redis is unreachable (${why}); model calls are refused until it is back`, { 'retry-after': '5' });
}
