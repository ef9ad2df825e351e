/**
 * The gateway's one configuration file (YAML), validated at start. Every key can be overridden by an
 * environment variable (see env.ts). Secrets are never written in the file: a provider names the
 * environment variable that holds its key.
 */
import { z } from 'zod';
import { AuthConfigSchema } from '../policy/auth-config';
import { checkSharedStore, sharedStoreFields } from '../store/store-config';

const Classification = z.enum(['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET']);

const Timeouts = z
  .object({
    connectMs: z.number().int().positive().default(3_000),
    /** Until the upstream's response headers arrive (both paths): a server that accepts and says nothing is cut. */
    headersMs: z.number().int().positive().default(30_000),
    firstTokenMs: z.number().int().positive().default(30_000),
    idleMs: z.number().int().positive().default(30_000),
    totalMs: z.number().int().positive().default(300_000),
  })
  .strict();

const Provider = z.discriminatedUnion('type', [
  z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9-]*$/),
      type: z.literal('openai-compatible'),
      /** e.g. http://gpu01.internal:8000/v1 (vLLM), http://localhost:11434/v1 (Ollama), https://api.deepseek.com/v1 */
      baseUrl: z.url(),
      dialect: z.enum(['openai', 'azure']).default('openai'),
      /** Name of the environment variable holding the key. */
      apiKeyEnv: z.string().optional(),
      /** A provider outside the government network: personal data is redacted before text reaches it. */
      external: z.boolean(),
      maxClassification: Classification,
      timeouts: Timeouts.prefault({}),
      /** Largest non-streamed answer (and error body) read from the upstream; a streamed answer's total. */
      maxResponseBytes: z.number().int().positive().default(8 * 1_048_576),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
  z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9-]*$/),
      type: z.literal('offline'),
      external: z.literal(false).default(false),
      maxClassification: Classification.default('TOP SECRET'),
    })
    .strict(),
]);

const Model = z
  .object({
    /** What clients ask for, e.g. "deepseek-v3" or "offline". */
    name: z.string().min(1),
    deployments: z
      .array(
        z
          .object({
            provider: z.string(),
            /** The name the upstream knows; defaults to `name`. */
            model: z.string().optional(),
            weight: z.number().positive().default(1),
          })
          .strict(),
      )
      .min(1),
    fallbacks: z.array(z.string()).default([]),
  })
  .strict();

const Limits = z.object({ requestsPerMinute: z.number().int().positive(), tokensPerDay: z.number().int().positive() }).strict();
const Tier = z.object({ user: Limits, department: Limits, maxTokens: z.number().int().positive() }).strict();

export const GatewayConfigSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        /** Largest request body in bytes; larger ones get 413 and never reach a model. */
        bodyLimit: z.number().int().positive().default(1_048_576),
        /** Seconds live streams get to finish on SIGTERM before they end with an error event. */
        shutdownGraceSeconds: z.number().positive().default(10),
        /** A comment line on a stream that has been quiet this long, so proxies keep it open. */
        heartbeatSeconds: z.number().positive().default(15),
        /** A stream whose client has not taken what was written for this long is cut (and never blocks shutdown). */
        writeDeadlineSeconds: z.number().positive().default(30),
        /** The whole request (headers and body) must arrive within this; slow uploads get 408. */
        requestTimeoutMs: z.number().int().positive().default(30_000),
        /** A socket with no traffic either way for this long is closed; above every provider's totalMs. */
        connectionTimeoutMs: z.number().int().positive().default(360_000),
        /**
         * Prometheus metrics. Default: on the main port, for admin credentials only. With \`port\`, on a
         * separate listener bound to 127.0.0.1 (for a local scraper) and not on the main port at all.
         */
        metrics: z.object({ port: z.number().int().min(0).max(65535).optional() }).strict().prefault({}),
        /** Origins allowed to call the gateway from a browser (the task pane). */
        corsOrigins: z.array(z.string()).default(['https://localhost:3000', 'http://localhost:3000']),
        logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    store: z
      // With postgres + redis (store/store-config.ts) the replicas share PostgreSQL and Redis instead of sqlite.
      .object({ sqlite: z.string().default('./data/wenshu.db'), ...sharedStoreFields })
      .strict()
      .superRefine(checkSharedStore)
      .prefault({}),
    templates: z.string().default('./templates'),
    /** The audit trail: keyed digests, refusal records, retention and signed checkpoints (see audit/). */
    audit: z
      .object({
        /** Environment variable holding the HMAC secret of request/response digests (at least 32 characters). */
        hmacSecretEnv: z.string().min(1).default('WENSHU_AUDIT_HMAC_SECRET'),
        /** Else this file holds it, generated (mode 0600) on first start; default audit-hmac.key beside the store. */
        hmacSecretFile: z.string().optional(),
        /** Refusals of unauthenticated callers and unknown paths: at most perWindow records per source per window. */
        refusals: z
          .object({
            perWindow: z.number().int().min(0).default(10),
            windowSeconds: z.number().int().positive().default(60),
            maxSources: z.number().int().positive().default(10_000),
          })
          .strict()
          .prefault({}),
        /** Expired kept text is purged at start and then this often. */
        purgeIntervalMinutes: z.number().positive().default(60),
        /** Signed checkpoints of the chain head (Ed25519); written only when privateKeyFile is set. */
        checkpoints: z
          .object({
            /** PEM Ed25519 private key (wenshu audit keygen); the operator keeps its public half to verify. */
            privateKeyFile: z.string().optional(),
            /** Where checkpoint files go; default checkpoints/ beside the store. Copy them somewhere the gateway cannot write. */
            dir: z.string().optional(),
            intervalMinutes: z.number().positive().default(15),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Department knowledge: lexical search always; hybrid with an OpenAI-compatible embeddings model when named. */
    knowledge: z
      .object({
        embeddings: z
          .object({
            baseUrl: z.url(),
            model: z.string().min(1),
            /** Name of the environment variable holding the key. */
            apiKeyEnv: z.string().optional(),
            /** A provider like any other: outside the government network, every text sent is redacted first. */
            external: z.boolean(),
            /** Files above it are indexed lexically only; queries from requests above it are not sent. */
            maxClassification: Classification,
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /**
     * LangChain/LangSmith tracing is off whatever the environment says (see tracing.ts). Turning it on is
     * refused until redacted tracing exists: prompts would reach the tracing service unredacted.
     */
    tracing: z
      .object({ endpoint: z.url().optional() })
      .strict()
      .refine((t) => t.endpoint === undefined, {
        message: 'tracing cannot be turned on yet: traces would carry unredacted prompts. Leave tracing out (it is off)',
        path: ['endpoint'],
      })
      .optional(),
    /** Authentication and the mapping of users to departments: see policy/auth-config.ts. */
    auth: AuthConfigSchema.prefault({}),
    providers: z.array(Provider).default([{ id: 'offline', type: 'offline', external: false, maxClassification: 'TOP SECRET' }]),
    models: z.array(Model).default([{ name: 'offline', deployments: [{ provider: 'offline', weight: 1 }], fallbacks: [] }]),
    /** The model drafts use unless the request names one. */
    defaultModel: z.string().default('offline'),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(10).default(3),
        baseDelayMs: z.number().int().min(0).default(200),
        maxDelayMs: z.number().int().min(0).default(4_000),
        retryAfterCapMs: z.number().int().min(0).default(10_000),
      })
      .strict()
      .prefault({}),
    breaker: z
      .object({ failures: z.number().int().positive().default(5), coolDownMs: z.number().int().positive().default(30_000) })
      .strict()
      .prefault({}),
    quotas: z
      .object({
        free: Tier.default({ user: { requestsPerMinute: 10, tokensPerDay: 50_000 }, department: { requestsPerMinute: 200, tokensPerDay: 1_000_000 }, maxTokens: 1_024 }),
        paid: Tier.default({ user: { requestsPerMinute: 60, tokensPerDay: 500_000 }, department: { requestsPerMinute: 2_000, tokensPerDay: 20_000_000 }, maxTokens: 4_096 }),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const providers = new Set(config.providers.map((p) => p.id));
    const models = new Set(config.models.map((m) => m.name));
    config.models.forEach((m, i) => {
      m.deployments.forEach((d, j) => {
        if (!providers.has(d.provider)) ctx.addIssue({ code: 'custom', path: ['models', i, 'deployments', j, 'provider'], message: `names no provider (known: ${[...providers].join(', ')})`, input: d.provider });
      });
      m.fallbacks.forEach((f, j) => {
        if (!models.has(f)) ctx.addIssue({ code: 'custom', path: ['models', i, 'fallbacks', j], message: `names no model (known: ${[...models].join(', ')})`, input: f });
      });
    });
    if (!models.has(config.defaultModel)) ctx.addIssue({ code: 'custom', path: ['defaultModel'], message: `names no model (known: ${[...models].join(', ')})`, input: config.defaultModel });
  });

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;
export type ProviderConfig = GatewayConfig['providers'][number];
