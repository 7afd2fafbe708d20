#!/bin/sh
# Entry point of the mailtriage image (Dockerfile): the first argument says what this container
# runs, so one image serves every role.
#   docker run mailtriage                    every role in one process (MAILTRIAGE_ROLES, default all)
#   docker run mailtriage all                the same
#   docker run mailtriage worker             one role: api | worker | scheduler | poller | mailer
#   docker run mailtriage api,scheduler      several roles in one process
#   docker run mailtriage api-key create --name ops --scopes read,write   (services/api/src/api-key-command.ts)
#   docker run mailtriage seed-mailbox …     APPEND .eml files to an IMAP mailbox (the compose demo)
# start.ts checks the role names (an unknown one stops it with the list of roles). tsx runs the
# TypeScript sources in this same process (`exec`), so SIGTERM reaches the service, which drains.
set -eu
cd "$(dirname "$0")/.."

start() { exec node --import tsx services/api/src/start.ts; }

case "${1:-}" in
  "") start ;;
  all) unset MAILTRIAGE_ROLES; start ;;
  api-key) shift; exec node --import tsx services/api/src/api-key-command.ts "$@" ;;
  seed-mailbox) shift; exec node --import tsx services/imap-poller/src/seed-mailbox.ts "$@" ;;
  -*) echo "mailtriage: unknown option $1 (give a role: api, worker, scheduler, poller, mailer, all; or api-key, seed-mailbox)" >&2; exit 2 ;;
  *)
    # `worker`, `api,scheduler`, or `api scheduler`: one comma-separated list.
    MAILTRIAGE_ROLES=$(echo "$*" | tr ' ' ',')
    export MAILTRIAGE_ROLES
    start
    ;;
esac
