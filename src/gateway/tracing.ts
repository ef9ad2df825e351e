/**
 * LangChain (and LangSmith, its tracing service) switch tracing on from environment variables alone:
 * `LANGCHAIN_TRACING_V2=true` in a container's environment would send every prompt, unredacted, to a
 * tracing endpoint outside policy. The gateway switches it off at start, whatever the environment says;
 * Wenshu's own configuration has no way to turn it back on until traces can be redacted (schema.ts).
 */

/** Variables any of which, set to "true", turns LangChain tracing on (@langchain/core utils/callbacks). */
export const TRACING_SWITCHES = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'] as const;

/** Where traces would go and with what key: removed so nothing in the process can use them by mistake. */
export const TRACING_DESTINATIONS = [
  'LANGSMITH_API_KEY',
  'LANGCHAIN_API_KEY',
  'LANGSMITH_ENDPOINT',
  'LANGCHAIN_ENDPOINT',
  'LANGSMITH_PROJECT',
  'LANGCHAIN_PROJECT',
  'LANGSMITH_GATEWAY',
  'LANGSMITH_GATEWAY_API_KEY',
] as const;

/**
 * Turns tracing off in `env` (process.env at start): switches set to "false", destinations and keys removed.
 * Returns the names of the variables that were set (never their values), for one warning in the log.
 */
export function neutraliseTracing(env: NodeJS.ProcessEnv): string[] {
  const changed: string[] = [];
  for (const name of TRACING_SWITCHES) {
    if (env[name] !== undefined && env[name] !== 'false') changed.push(name);
    env[name] = 'false';
  }
  for (const name of TRACING_DESTINATIONS) {
    if (env[name] === undefined) continue;
    changed.push(name);
    delete env[name];
  }
  return changed;
}
