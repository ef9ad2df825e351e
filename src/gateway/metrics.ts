import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, one registry per gateway instance (tests run several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wenshu_' });
  const labels = { registers: [registry] };
  return {
    registry,
    requests: new Counter({ name: 'wenshu_http_requests_total', help: 'HTTP requests by route and status.', labelNames: ['route', 'method', 'status'] as const, ...labels }),
    latency: new Histogram({
      name: 'wenshu_http_request_duration_seconds',
      help: 'Time to the end of the response, by route.',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      ...labels,
    }),
    firstToken: new Histogram({
      name: 'wenshu_time_to_first_token_seconds',
      help: 'Time from request to the first token sent to the client, by model.',
      labelNames: ['model'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      ...labels,
    }),
    tokens: new Counter({ name: 'wenshu_tokens_total', help: 'Tokens by direction (prompt, completion), model and department.', labelNames: ['direction', 'model', 'department'] as const, ...labels }),
    upstreamErrors: new Counter({ name: 'wenshu_upstream_errors_total', help: 'Failed upstream attempts by provider and kind.', labelNames: ['provider', 'kind'] as const, ...labels }),
    quotaRefusals: new Counter({ name: 'wenshu_quota_refusals_total', help: 'Requests refused for quota, by department.', labelNames: ['department'] as const, ...labels }),
    policyRefusals: new Counter({ name: 'wenshu_policy_refusals_total', help: 'Requests refused by the classification gate, by classification.', labelNames: ['classification'] as const, ...labels }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
