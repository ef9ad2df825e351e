import type { FastifyBaseLogger } from 'fastify';
import type { GatewayConfig } from './config/schema';
import type { LiveStreams } from './live-streams';
import type { Metrics } from './metrics';
import type { Router } from './providers/router';
import type { Provider } from './providers/types';
import type { Caller } from './types';
import type { Store } from './store/types';
import type { DepartmentPacks } from './packs';
import type { KnowledgeBase } from './knowledge';
import type { WriteBehind } from './write-behind';
import type { AuditTrail } from './audit/trail';

/** Everything a route needs, built once at start. */
export interface GatewayContext {
  config: GatewayConfig;
  router: Router;
  providers: Map<string, Provider>;
  store: Store;
  /** Audit records and quota settlements, committed together once per event-loop turn. */
  writes: WriteBehind;
  /** Call records, keyed digests, refusal rate limit, fail-closed commits (audit/trail.ts). */
  audit: AuditTrail;
  metrics: Metrics;
  packs: DepartmentPacks;
  live: LiveStreams;
  log: FastifyBaseLogger;
  /** Department knowledge (retrieval for drafts and /v1/knowledge/search); absent when it could not be opened. */
  knowledge?: KnowledgeBase;
  authenticate(input: { authorization?: string; apiKey?: string; remoteAddress: string }): Promise<Caller>;
  /** Explicit development mode (auth.mode or --dev): every request is checked for proxies and the Host name. */
  developmentMode?: boolean;
  /** False from the moment shutdown begins. */
  ready: boolean;
  /** True while a replica of a shared deployment builds its knowledge index at start (it is not ready meanwhile). */
  knowledgeIndexing?: boolean;
}
