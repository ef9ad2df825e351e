/**
 * Picks the store the configuration asks for: PostgreSQL + Redis when `store.postgres` and `store.redis` are
 * set (several replicas), otherwise the embedded SQLite file `store.sqlite` (one machine, the default).
 */
import path from 'node:path';
import type { GatewayConfig } from '../config/schema';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite';
import { resolveServerUrl } from './store-config';
import type { Store } from './types';

export function openConfiguredStore(config: GatewayConfig, log: { warn(o: object, m: string): void }): Store {
  const { postgres, redis } = config.store;
  if (!postgres || !redis) return openSqliteStore(path.resolve(config.store.sqlite));
  return openPostgresStore({
    postgresUrl: resolveServerUrl('postgres', postgres),
    redisUrl: resolveServerUrl('redis', redis),
    // Only the message: a URL (and its password) is never logged.
    onProblem: (message, detail) => log.warn({ reason: detail.reason }, message),
  });
}
