import type { GatewayConfig } from '../config/schema';
import { createOfflineProvider } from './offline';
import { createOpenAICompatibleProvider } from './openai-compatible';
import { newBreaker, Router, type ModelRoute } from './router';
import type { Provider } from './types';

/** Providers and routes from the configuration. Keys come from the environment, never from the file. */
export function buildProviders(config: GatewayConfig, env: NodeJS.ProcessEnv = process.env): { providers: Map<string, Provider>; router: Router } {
  const providers = new Map<string, Provider>();
  for (const p of config.providers) {
    if (p.type === 'offline') {
      providers.set(p.id, createOfflineProvider(p.id));
      continue;
    }
    const apiKey = p.apiKeyEnv ? env[p.apiKeyEnv] : undefined;
    if (p.apiKeyEnv && !apiKey) throw new Error(`provider ${p.id}: the environment variable ${p.apiKeyEnv} that should hold its key is not set`);
    providers.set(
      p.id,
      createOpenAICompatibleProvider({
        id: p.id,
        baseUrl: p.baseUrl,
        apiKey,
        dialect: p.dialect,
        external: p.external,
        maxClassification: p.maxClassification,
        timeouts: p.timeouts,
        maxResponseBytes: p.maxResponseBytes,
        headers: p.headers,
      }),
    );
  }
  const routes: ModelRoute[] = config.models.map((m) => ({
    name: m.name,
    fallbacks: m.fallbacks,
    deployments: m.deployments.map((d) => ({
      provider: providers.get(d.provider)!,
      model: d.model ?? m.name,
      weight: d.weight,
      breaker: newBreaker(config.breaker),
    })),
  }));
  return { providers, router: new Router(routes, config.retry) };
}
