/**
 * The deployables, checked offline: the Dockerfile's stages and final image, deploy/compose.yaml, the nginx
 * proxy and the Kubernetes manifests parse and carry the fields that must be there, and every gateway
 * configuration they ship validates against the gateway's own schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { GatewayConfigSchema } from '../../src/gateway/config/schema';
import { resolveServerUrl } from '../../src/gateway/store/store-config';

const ROOT = join(__dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function stages(dockerfile: string): string[][] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const out: string[][] = [];
  for (const l of lines) {
    if (/^FROM\s/i.test(l)) out.push([l]);
    else out[out.length - 1]?.push(l);
  }
  return out;
}

describe('Dockerfile', () => {
  const all = stages(read('Dockerfile'));
  const final = all[all.length - 1];

  it('is multi-stage, installs production dependencies with npm ci --omit=dev, and compiles in a build stage', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.some((s) => s.some((l) => /^RUN npm ci --omit=dev\b/.test(l)))).toBe(true);
    expect(all.some((s) => s.some((l) => /npm run build:node/.test(l)))).toBe(true);
  });

  it('runs as a non-root user with no build tools, wenshu serve as entry point, health checked on /readyz', () => {
    expect(final[0]).toMatch(/^FROM node:20[\w.-]*-slim$/);
    expect(final.filter((l) => /^USER /.test(l))).toEqual(['USER node']);
    // Nothing is compiled or installed in the final stage: only copies from the others.
    expect(final.filter((l) => /^RUN /.test(l)).join('\n')).not.toMatch(/apt-get|npm (ci|install)|build-essential|python|make|g\+\+|tsc/);
    expect(final.some((l) => /^COPY --from=deps \/app\/node_modules/.test(l))).toBe(true);
    expect(final.some((l) => /^COPY --from=build \/app\/dist/.test(l))).toBe(true);
    expect(final.find((l) => /^HEALTHCHECK/.test(l))).toMatch(/\/readyz/);
    expect(final.find((l) => /^ENTRYPOINT/.test(l))).toBe('ENTRYPOINT ["node", "bin/wenshu.js", "serve"]');
  });

  it('.dockerignore keeps stores, keys and the repository out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const p of ['node_modules', '.git', 'data', '*.db', '*.key', '.env']) expect(ignored).toContain(p);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(read('deploy/compose.yaml'));
  const env = { DATABASE_URL: 'postgres://wenshu:pw@postgres:5432/wenshu', REDIS_URL: 'redis://:pw@redis:6379/0' };

  it('runs PostgreSQL, Redis, two gateway replicas and a reverse proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway-1', 'gateway-2', 'postgres', 'proxy', 'redis']);
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
    expect(compose.services.redis.command).toContain('--appendonly');
    for (const g of ['gateway-1', 'gateway-2']) {
      const s = compose.services[g];
      expect(s.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(Object.keys(s.environment)).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'WENSHU_AUDIT_HMAC_SECRET']));
      expect(s.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(s.stop_grace_period).toBe('30s');
    }
    expect(compose.services.proxy.ports).toEqual(['8080:8080']);
  });

  it('the proxy balances over exactly the gateway replicas, unbuffered for streams', () => {
    const nginx = read('deploy/proxy/nginx.conf');
    const servers = [...nginx.matchAll(/^\s*server\s+([\w-]+):8080\b/gm)].map((m) => m[1]);
    expect(servers.sort()).toEqual(['gateway-1', 'gateway-2']);
    expect(nginx).toMatch(/proxy_buffering off;/);
  });

  it("the replicas' configuration validates, with the store URLs from the environment", () => {
    const config = GatewayConfigSchema.parse(parse(read('deploy/gateway.replica.yaml')));
    expect(resolveServerUrl('postgres', config.store.postgres!, env)).toBe(env.DATABASE_URL);
    expect(resolveServerUrl('redis', config.store.redis!, env)).toBe(env.REDIS_URL);
    expect(config.server.shutdownGraceSeconds).toBeLessThan(30);
  });
});

describe('deploy/k8s', () => {
  const docs = readdirSync(join(ROOT, 'deploy/k8s'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => d.toJS()))
    .filter(Boolean);
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const deployment = byKind('Deployment')[0];
  const pod = deployment?.spec.template.spec;
  const container = pod?.containers[0];

  it('has a Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget, ConfigMap and Secret', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Secret', 'Service']);
    for (const d of docs) {
      expect(typeof d.apiVersion).toBe('string');
      expect(d.metadata.name).toMatch(/^wenshu-/);
    }
  });

  it('probes readiness on /readyz and liveness on /healthz, runs as non-root, and gives shutdown more time than the gateway takes', () => {
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const config = GatewayConfigSchema.parse(parse(byKind('ConfigMap')[0].data['gateway.yaml']));
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(config.server.shutdownGraceSeconds + 10);
    expect(config.store.postgres).toEqual({ urlEnv: 'DATABASE_URL' });
    expect(config.store.redis).toEqual({ urlEnv: 'REDIS_URL' });
  });

  it('takes the store URLs and the audit secret from the Secret, and mounts the ConfigMap as the config file', () => {
    const secret = byKind('Secret')[0];
    const refs = container.env.map((e: any) => e.valueFrom?.secretKeyRef).filter(Boolean);
    expect(container.env.map((e: any) => e.name).sort()).toEqual(['DATABASE_URL', 'REDIS_URL', 'WENSHU_AUDIT_HMAC_SECRET']);
    for (const r of refs) {
      expect(r.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData)).toContain(r.key);
    }
    const configVolume = pod.volumes.find((v: any) => v.configMap);
    expect(configVolume.configMap.name).toBe(byKind('ConfigMap')[0].metadata.name);
    expect(container.volumeMounts.find((m: any) => m.name === configVolume.name).mountPath).toBe('/etc/wenshu');
    expect(container.args).toEqual(['--config', '/etc/wenshu/gateway.yaml']);
  });

  it('the autoscaler, the disruption budget and the Service all point at the Deployment\'s pods', () => {
    const labels = pod && deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    const hpa = byKind('HorizontalPodAutoscaler')[0];
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(byKind('PodDisruptionBudget')[0].spec.selector.matchLabels).toEqual(labels);
    expect(byKind('Service')[0].spec.selector).toEqual(labels);
    expect(hpa.spec.minReplicas).toBeGreaterThan(byKind('PodDisruptionBudget')[0].spec.minAvailable);
  });
});
