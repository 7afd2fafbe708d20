// docker-compose.yml, .env.example and the Dockerfile, checked without Docker (compose-checks.ts,
// dockerfile-checks.ts): the shipped files have no problem, and each kind of mistake in them is
// caught, named by file, service and key.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dockerContextFiles } from "../support/docker-context";
import { composeProblems, envExampleProblems, interpolationProblems, readCompose } from "./compose-checks";
import { dockerfileProblems, imageFacts } from "./dockerfile-checks";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (file: string): string => readFileSync(join(ROOT, file), "utf8");
const COMPOSE = read("docker-compose.yml");
const DOCKERFILE = read("Dockerfile");
const ENTRYPOINT = read("deploy/docker-entrypoint.sh");
const DOCKERIGNORE = read(".dockerignore");

/** Every problem of the Compose file `text` (interpolated variables included) against the shipped image. */
function problemsOfCompose(text: string, dockerfile = DOCKERFILE): string[] {
  const variables = new Set<string>();
  const compose = readCompose(text, variables);
  return [...composeProblems(compose, imageFacts(dockerfile, ENTRYPOINT), ROOT), ...interpolationProblems(variables)];
}

function problemsOfDockerfile(text: string, dockerignore = DOCKERIGNORE): string[] {
  return dockerfileProblems(text, ROOT, new Set(dockerContextFiles(ROOT, dockerignore)));
}

/** `text` with `from` replaced by `to`, failing the test when `from` is not there (a mutation must bite). */
function mutate(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`mutation did not apply: ${String(from)}`);
  return changed;
}

describe("docker-compose.yml", () => {
  it("when read as compose reads it, then every service, dependency, role and variable checks out", () => {
    expect(problemsOfCompose(COMPOSE)).toEqual([]);
  });

  it("when it is read, then Redis keeps BullMQ's jobs as its production guide asks (AOF on, noeviction) and the worker can scale", () => {
    const compose = readCompose(COMPOSE);
    const redis = (compose.services.redis?.command as string[]).join(" ");
    expect(redis).toContain("--appendonly yes");
    expect(redis).toContain("--maxmemory-policy noeviction");
    expect(compose.services.worker).toMatchObject({ command: ["worker"] });
    expect(compose.services.worker?.ports).toBeUndefined();
  });

  it.each([
    ["a misspelled variable", "MAILTRIAGE_PARTNERS_FILE:", "MAILTRIAGE_PARTNER_FILE:", "service worker: MAILTRIAGE_PARTNER_FILE is not a setting of any role (a typo?)"],
    ["a variable of another role", "MAILTRIAGE_PARTNERS_FILE: /app/examples/partners.json", "MAILTRIAGE_SMTP_HOST: smtp.example.com", "service worker: MAILTRIAGE_SMTP_HOST is not read by the worker role"],
    ["a misspelled role", 'command: ["scheduler"]', 'command: ["sheduler"]', "service scheduler: command [\"sheduler\"]: unknown role sheduler"],
    ["a role left out", 'command: ["scheduler"]', 'command: ["worker"]', "no service runs the scheduler role on its own"],
    ["a dependency on a missing service", /dovecot:\n(\s+)condition: service_healthy/g, "imap:\n$1condition: service_healthy", "service poller: depends_on imap: no such service"],
    ["a healthy-dependency on a service without healthcheck", / {2}redis:\n([\s\S]*?) {4}healthcheck:\n {6}test: \["CMD", "redis-cli", "ping"\]\n(?: {6}\w+: \w+\n)+/, "  redis:\n$1", "service api: depends_on redis being healthy, but redis has no healthcheck"],
    ["a fixed container name", '    command: ["worker"]', '    command: ["worker"]\n    container_name: mailtriage-worker', "service worker: container_name stops `docker compose up --scale worker=N`"],
    ["a port open on every interface", '"127.0.0.1:3000:3000"', '"3000:3000"', "service api: port 3000:3000 is published on every interface"],
    ["a typo in the mailbox JSON", '"tls":false', '"tsl":false', "service poller: MAILTRIAGE_IMAP_MAILBOXES: 0.tsl: unknown key (a typo?)"],
    ["a seed for a mailbox nobody polls", '"--user", "support"', '"--user", "sales"', "service seed: seeds sales@dovecot:143/INBOX, a mailbox no poller reads"],
    ["a misspelled interpolated variable", "${MAILTRIAGE_BOOTSTRAP_API_KEY:-", "${MAILTRIAGE_BOOTSTRAP_KEY:-", "docker-compose.yml: ${MAILTRIAGE_BOOTSTRAP_KEY} is not a setting of any role (a typo?)"],
    ["a bad default value", ":-mt_local_demo_key_change_me_00000000}", ":-mt_short}", "service api: MAILTRIAGE_BOOTSTRAP_API_KEY: expected mt_ followed by 32-200 letters"],
    ["a bind mount of a missing file", "./deploy/dovecot/dovecot.conf:", "./deploy/dovecot.conf:", "service dovecot: volume source ./deploy/dovecot.conf does not exist"],
    ["a Redis URL to no service", "REDIS_URL: redis://redis:6379", "REDIS_URL: redis://cache:6379", "service api: REDIS_URL points at cache, which is no service"],
  ])("when it has %s, then the check names it", (_case, from, to, problem) => {
    expect(problemsOfCompose(COMPOSE)).toEqual([]);
    expect(problemsOfCompose(mutate(COMPOSE, from, to)).join("\n")).toContain(problem);
  });
});

describe(".env.example", () => {
  it("when read, then every variable it shows is a setting some role reads", () => {
    expect(envExampleProblems(read(".env.example"))).toEqual([]);
  });

  it("when it shows a misspelled variable, then the check names it", () => {
    expect(envExampleProblems(`${read(".env.example")}\n# MAILTRIAGE_WORKER_CONCURENCY=10\n`)).toEqual([".env.example: MAILTRIAGE_WORKER_CONCURENCY is not a setting of any role (a typo?)"]);
  });
});

describe("Dockerfile", () => {
  it("when read as Docker reads it, then it is multi-stage node:*-slim, installs production dependencies only, runs as non-root with a HEALTHCHECK", () => {
    expect(problemsOfDockerfile(DOCKERFILE)).toEqual([]);
  });

  it.each([
    ["runs as root", "USER node", "USER root", "Dockerfile: the final stage runs as root"],
    ["has no HEALTHCHECK", /HEALTHCHECK [^\n]*\\\n[^\n]*\n/, "", "Dockerfile: no HEALTHCHECK in the final stage"],
    ["is single-stage", /FROM \$\{NODE_IMAGE\} AS build\n[\s\S]*?FROM \$\{NODE_IMAGE\}\n/, "FROM ${NODE_IMAGE}\n", "Dockerfile: not multi-stage"],
    ["is not slim", "ARG NODE_IMAGE=node:24-slim", "ARG NODE_IMAGE=node:24", "Dockerfile: FROM node:24: expected node:<major>-slim"],
    ["has a Node below the engines field", "ARG NODE_IMAGE=node:24-slim", "ARG NODE_IMAGE=node:18-slim", "Dockerfile: FROM node:18-slim: package.json engines needs Node >=20.19"],
    ["sets a misspelled variable", "MAILTRIAGE_HEALTH_PORT=3001", "MAILTRIAGE_HEALTHPORT=3001", "Dockerfile: ENV MAILTRIAGE_HEALTHPORT is not a setting of any role (a typo?)"],
    ["pins another pnpm", "ARG PNPM_VERSION=10.34.8", "ARG PNPM_VERSION=9.15.0", "Dockerfile: ARG PNPM_VERSION=9.15.0 differs from package.json"],
    ["installs in the final stage", "USER node", "RUN npm install -g pnpm\nUSER node", "Dockerfile: the final stage installs packages"],
  ])("when it %s, then the check names it", (_case, from, to, problem) => {
    expect(problemsOfDockerfile(mutate(DOCKERFILE, from, to)).join("\n")).toContain(problem);
  });

  it("when .dockerignore leaves out what the HEALTHCHECK runs, then the check names the file", () => {
    expect(problemsOfDockerfile(DOCKERFILE, `${DOCKERIGNORE}\ndeploy/*.mjs\n`)).toEqual([
      "Dockerfile: HEALTHCHECK runs deploy/healthcheck.mjs, which is not in the build context (missing, or excluded by .dockerignore)",
    ]);
  });

  it("when the HEALTHCHECK is gone, then the compose services of the image have no healthcheck either", () => {
    const withoutHealthcheck = mutate(DOCKERFILE, /HEALTHCHECK [^\n]*\\\n[^\n]*\n/, "");
    expect(problemsOfCompose(COMPOSE, withoutHealthcheck)).toEqual(expect.arrayContaining(["service api: no healthcheck (a long-running service must say when it is healthy)"]));
  });
});
