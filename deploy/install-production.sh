#!/bin/sh
# The image's dependency install (Dockerfile, build stage), also run by
# test/deploy/image-install.test.ts on a copy of the build context, so what the image installs is
# what CI starts. Only production dependencies, exactly as locked, for every workspace package
# (the repository layout stays as it is: packages/config reads ../../../policy/ from its source).
# tsx is hoisted to the top-level node_modules: `node --import tsx` (docker-entrypoint.sh)
# resolves it from /app, and so do the parser threads of packages/mime (message-parser.ts
# registers tsx inside each worker thread). Extra arguments go to pnpm (the test adds --offline).
set -eu
cd "$(dirname "$0")/.."
exec pnpm install --prod --frozen-lockfile --config.public-hoist-pattern=tsx "$@"
