# syntax=docker/dockerfile:1
# One image for every role of mailtriage:
#   docker build -t mailtriage .
#   docker run mailtriage worker        (api | worker | scheduler | poller | mailer | all; deploy/docker-entrypoint.sh)
# There is no build step: tsx runs the TypeScript sources. The build stage installs the
# production dependencies with pnpm; the final stage gets the sources and those node_modules,
# without pnpm, dev dependencies, tests or the pnpm store, and runs as the unprivileged `node`.

ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
# The version of package.json's "packageManager" (test/deploy/compose.test.ts checks they agree).
ARG PNPM_VERSION=10.34.8
RUN npm install -g pnpm@${PNPM_VERSION}
WORKDIR /app
# The build context is filtered by .dockerignore: manifests, lockfile, sources, policy, deploy/.
COPY . .
# The pnpm store lives in a BuildKit cache, so a source change re-links in seconds and the store
# never reaches an image layer.
RUN --mount=type=cache,id=mailtriage-pnpm-store,target=/pnpm/store \
    sh deploy/install-production.sh --store-dir=/pnpm/store

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MAILTRIAGE_HEALTH_PORT=3001
WORKDIR /app
# Owned by root, read-only for the service user: the process cannot change its own code.
COPY --from=build /app /app
USER node
EXPOSE 3000 3001
# Every role answers on MAILTRIAGE_HEALTH_PORT (services/api/src/roles/health-listener.ts):
# ready when Redis answers and the roles of this container can work.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["node", "deploy/healthcheck.mjs"]
ENTRYPOINT ["sh", "deploy/docker-entrypoint.sh"]
