/**
 * The `auth` part of the gateway configuration: who may call, and which department each caller belongs
 * to. The department always comes from this mapping, never from anything the client sends.
 *
 *   auth:
 *     jwt:
 *       jwksUrl: https://login.microsoftonline.com/<tid>/discovery/v2.0/keys
 *       issuers: [https://login.microsoftonline.com/<tid>/v2.0]
 *       audiences: [api://wenshu.gov.hk/<client id>]
 *       tenants: [<tid>]
 *     departments:
 *       byGroup: { <group object id>: fehd }
 *       default: general
 *     tiers: { fehd: paid }
 *     apiKeys:
 *       - { id: batch-checker, name: Nightly checker, sha256: <64 hex>, department: fehd }
 *
 * Development mode (no authentication, this machine only) is never implied: it is `auth: { mode: development }`
 * or `wenshu serve --dev`, and a gateway with neither that nor `jwt`/`apiKeys` refuses to start.
 */
import { z } from 'zod';

const Department = z.string().min(1).max(100);
const TierName = z.enum(['free', 'paid']);

/** Members of a JWK that only a private key has: a key set for verification must never carry them. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const PublicRsaJwk = z
  .looseObject({
    kty: z.literal('RSA', { error: 'only RSA public keys are accepted (RS256 only)' }),
    n: z.string().min(1),
    e: z.string().min(1),
    kid: z.string().optional(),
    alg: z.literal('RS256', { error: 'only RS256 keys are accepted' }).optional(),
    use: z.literal('sig').optional(),
  })
  .superRefine((jwk, ctx) => {
    for (const member of PRIVATE_MEMBERS) {
      if (member in jwk) ctx.addIssue({ code: 'custom', path: [member], message: 'a private key member: configure the public key only', input: undefined });
    }
  });

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const JwtConfigSchema = z
  .object({
    /** Where the issuer publishes its signing keys (fetched, cached, re-fetched on an unknown `kid`). */
    jwksUrl: z
      .url()
      .refine((u) => {
        const url = new URL(u);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
      }, 'must be https (http only on loopback)')
      .optional(),
    /** The key set inline, for air-gapped machines and tests. */
    jwks: z.object({ keys: z.array(PublicRsaJwk).min(1) }).strict().optional(),
    /** Accepted `iss` values, exactly. */
    issuers: z.array(z.string().min(1)).min(1),
    /** Accepted `aud` values, exactly. */
    audiences: z.array(z.string().min(1)).min(1),
    /** Allow-list of tenant ids (`tid`). */
    tenants: z.array(z.string().min(1)).min(1),
    /** Leeway for `exp` and `nbf`. */
    clockSkewSeconds: z.number().int().min(0).max(300).default(60),
    userClaim: z.string().min(1).default('oid'),
    tenantClaim: z.string().min(1).default('tid'),
    /** The claim listing the user's group object ids. */
    groupsClaim: z.string().min(1).default('groups'),
    /**
     * A user (delegated) token must grant at least one of these scopes in `scp` (space-separated). The
     * Office SSO convention is `access_as_user`; a token with no `scp` at all is refused.
     */
    requiredScopes: z.array(z.string().min(1)).min(1).default(['access_as_user']),
    /**
     * App-only tokens (`idtyp: app`, or `roles` without `scp`) are refused unless this is true; then they must
     * carry one of `requiredRoles`, and the caller is the app (its `azp`/`appid`) mapped by `departments.byUser`.
     */
    allowAppTokens: z.boolean().default(false),
    /** App roles (`roles`) that make a caller an administrator, who may read /metrics. */
    adminRoles: z.array(z.string().min(1)).optional(),
    requiredRoles: z.array(z.string().min(1)).min(1).optional(),
    /**
     * Client applications (`azp`, or `appid` in v1 tokens) allowed to call: e.g. the Office hosts' client ids.
     * Unset, any client the identity provider issued a token to for this audience is accepted.
     */
    allowedClients: z.array(z.string().min(1)).min(1).optional(),
    /**
     * Where a user has more groups than fit in a token (Entra ID's "groups overage": `_claim_names.groups` or
     * `hasgroups`), their groups are looked up in Microsoft Graph with this app's client credentials. Without
     * it such a user is refused (403) rather than given a department that ignores their groups.
     */
    graph: z
      .object({
        /** Token endpoint for the client-credentials grant, e.g. https://login.microsoftonline.com/<tid>/oauth2/v2.0/token */
        tokenUrl: z.url(),
        /** Graph's base, e.g. https://graph.microsoft.com/v1.0 */
        baseUrl: z.url().default('https://graph.microsoft.com/v1.0'),
        clientId: z.string().min(1),
        /** Name of the environment variable holding the client secret. */
        clientSecretEnv: z.string().min(1),
        timeoutMs: z.number().int().positive().max(30_000).default(5_000),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => (c.jwksUrl === undefined) !== (c.jwks === undefined), { message: 'give exactly one of jwksUrl and jwks', path: ['jwksUrl'] })
  .refine((c) => !c.allowAppTokens || c.requiredRoles !== undefined, { message: 'allowAppTokens needs requiredRoles (the app roles an app-only token must carry)', path: ['requiredRoles'] });

export const DepartmentsConfigSchema = z
  .object({
    /**
     * Group object id -> department. A user in several mapped groups gets the department of the first
     * group in the order written here (keys that look like integers are sorted first by JavaScript).
     */
    byGroup: z.record(z.string(), Department).optional(),
    /** User object id (`oid`) -> department; wins over groups. */
    byUser: z.record(z.string(), Department).optional(),
    /** Tenant id (`tid`) -> department; used when neither user nor groups are mapped. */
    byTenant: z.record(z.string(), Department).optional(),
    /** Department of everyone not mapped otherwise. Without it, an unmapped user gets 403. */
    default: Department.optional(),
  })
  .strict();

export const ApiKeyConfigSchema = z
  .object({
    /** Becomes the caller's userId in quotas and audit records. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    name: z.string().min(1),
    /** sha256 of the whole key (`wsk_...`), hex. The key itself is never stored. */
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (sha256 of the key)')
      .transform((s) => s.toLowerCase()),
    department: Department,
    tier: TierName.optional(),
    /** May read /metrics (usage by department and model); for a monitoring system's key. */
    admin: z.boolean().optional(),
  })
  .strict();

export const AuthConfigSchema = z
  .object({
    /** `development`: no authentication, loopback only, a development user. Only with neither jwt nor apiKeys. */
    mode: z.literal('development', { error: 'auth.mode can only be "development" (leave it out to require jwt or apiKeys)' }).optional(),
    jwt: JwtConfigSchema.optional(),
    departments: DepartmentsConfigSchema.prefault({}),
    /** Department -> tier; departments not listed are free. */
    tiers: z.record(z.string(), TierName).default({}),
    apiKeys: z.array(ApiKeyConfigSchema).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.mode === 'development' && (config.jwt || config.apiKeys?.length)) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'development mode is for a gateway without jwt or apiKeys: remove mode, or remove the authentication', input: config.mode });
    }
    const ids = new Set<string>();
    const hashes = new Set<string>();
    config.apiKeys?.forEach((key, i) => {
      if (ids.has(key.id)) ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'id'], message: `duplicate API key id "${key.id}"`, input: key.id });
      if (hashes.has(key.sha256)) ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'sha256'], message: 'the same key is configured twice', input: undefined });
      ids.add(key.id);
      hashes.add(key.sha256);
    });
  });

export type JwtConfig = z.output<typeof JwtConfigSchema>;
export type DepartmentsConfig = z.output<typeof DepartmentsConfigSchema>;
export type ApiKeyConfig = z.output<typeof ApiKeyConfigSchema>;
export type AuthConfig = z.output<typeof AuthConfigSchema>;
export type AuthConfigInput = z.input<typeof AuthConfigSchema>;
