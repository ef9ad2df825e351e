# The Wenshu gateway as a container: `wenshu serve` on port 8080, health checked on /readyz.
# Multi-stage: the compiler and the native-module build tools stay in the build stages; the final image holds
# only Node, the production dependencies, the compiled code (dist/), the CLI and the department packs.
#   docker build -t wenshu-gateway .
#   docker run -p 8080:8080 -v ./gateway.yaml:/etc/wenshu/gateway.yaml:ro wenshu-gateway

# --- production dependencies (native modules such as better-sqlite3 are built here, with the build tools) ---
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (tsc) must not run without the sources and dev dependencies;
# the dependencies' install scripts (native builds) are run explicitly by `npm rebuild`.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild --no-audit --no-fund

# --- compiled code ---
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY templates ./templates
RUN npm run build:node

# --- the image that runs: no compiler, no build tools ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    WENSHU_CONFIG=/etc/wenshu/gateway.yaml \
    WENSHU_SERVER__HOST=0.0.0.0 \
    WENSHU_SERVER__PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY templates ./templates
# The embedded store's folder (single-machine use, and each replica's local knowledge index), owned by the
# unprivileged `node` user the gateway runs as.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# Ready = listening, the store reachable (PostgreSQL and Redis for replicas) and not shutting down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop, Kubernetes) starts the graceful shutdown: readiness fails at once, streams get
# server.shutdownGraceSeconds, queued audit records are committed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/wenshu.js", "serve"]
