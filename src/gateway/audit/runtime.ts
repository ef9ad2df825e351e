import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from '../config/schema';
import type { Store } from '../store/types';
import { WriteBehind } from '../write-behind';
import { loadPrivateKey } from './checkpoint';
import { createAuditHasher, loadAuditSecret } from './hmac';
import { startMaintenance, type Clock, type Maintenance } from './maintenance';
import { RefusalLimiter } from './refusals';
import { AuditTrail } from './trail';

export interface AuditRuntime {
  writes: WriteBehind;
  trail: AuditTrail;
  maintenance: Maintenance;
  /** At shutdown: refusal summaries, everything queued committed, a last checkpoint. */
  close(): Promise<void>;
}

/** Files that live beside the store's file unless the configuration puts them elsewhere (none for a store without one). */
function beside(storeFile: string | undefined, name: string): string | undefined {
  if (!storeFile || storeFile === ':memory:') return undefined;
  return path.join(path.dirname(path.resolve(storeFile)), name);
}

/**
 * Everything the gateway runs for its audit trail, built once at start: the keyed digests (the secret from
 * the environment, or a file generated on first start), the write-behind queue, the refusal rate limit, and
 * the schedule (purge at start and hourly, checkpoints when a signing key is configured).
 */
export function openAuditRuntime(options: {
  config: GatewayConfig;
  store: Store;
  /** The store's file (SQLite), beside which the secret and checkpoints go by default; undefined for a server store. */
  storeFile?: string;
  log: FastifyBaseLogger;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}): AuditRuntime {
  const { config, store, log, storeFile } = options;
  const a = config.audit;
  const secret = loadAuditSecret({ env: options.env, envName: a.hmacSecretEnv, file: a.hmacSecretFile ? path.resolve(a.hmacSecretFile) : beside(storeFile, 'audit-hmac.key') });
  const hasher = createAuditHasher(secret.secret);
  // Where the secret came from and its key id, never the secret.
  log.info({ source: secret.source, where: secret.where, keyId: hasher.keyId }, 'audit digests keyed');
  if (secret.source === 'ephemeral') log.warn(`audit HMAC secret is for this process only (no store file and ${a.hmacSecretEnv} unset): digests cannot be checked after a restart, and replicas would not agree`);

  const writes = new WriteBehind(store, (err) => log.error({ reason: err.message }, 'audit or quota write failed'));
  const now = options.clock ? () => options.clock!.now().getTime() : Date.now;
  const refusals = new RefusalLimiter({ perWindow: a.refusals.perWindow, windowMs: a.refusals.windowSeconds * 1000, maxSources: a.refusals.maxSources }, now);
  const trail = new AuditTrail(hasher, refusals, writes, log);

  const dir = a.checkpoints.dir ? path.resolve(a.checkpoints.dir) : beside(storeFile, 'checkpoints');
  if (a.checkpoints.privateKeyFile && !dir) throw new Error('audit.checkpoints.dir is needed with an in-memory store');
  const checkpoints = a.checkpoints.privateKeyFile ? { key: loadPrivateKey(path.resolve(a.checkpoints.privateKeyFile)), dir: dir!, everyMs: a.checkpoints.intervalMinutes * 60_000 } : undefined;
  const maintenance = startMaintenance({
    log: store.audit,
    clock: options.clock,
    report: { info: (o, m) => log.info(o, m), error: (o, m) => log.error(o, m) },
    purgeEveryMs: a.purgeIntervalMinutes * 60_000,
    checkpoints,
    refusals: { everyMs: a.refusals.windowSeconds * 1000, sweep: (all) => trail.sweepRefusals(all) },
  });

  return {
    writes,
    trail,
    maintenance,
    async close() {
      maintenance.stop();
      writes.flush();
      await writes.settled();
      await maintenance.checkpoint();
    },
  };
}
