// What test/deploy/compose.test.ts checks in docker-compose.yml and .env.example, as functions
// of the files' text returning one line per problem (empty: fine), so the test can also show
// that a broken file is caught. No Docker needed: the checks read the files and run the roles'
// own environment parsers on what each container would get.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { redisEnvShape } from "@mailtriage/config";
import { parseWorkerEnv, WorkerEnvSchema } from "@mailtriage/worker";
import { ApiEnvSchema, parseServiceEnv, ROLES, ServiceEnvSchema, type Role } from "../../services/api/src/env";
import { HealthEnvSchema, parseHealthEnv } from "../../services/api/src/roles/health-listener";
import { parsePollerEnv, PollerEnvSchema } from "../../services/imap-poller/src/poller-env";
import { MailerEnvSchema, parseMailerEnv } from "../../services/mailer/src/env";

/** The subset of a Compose service these checks read. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  ports?: (string | { published?: string | number; host_ip?: string })[];
  container_name?: string;
  volumes?: (string | { type?: string; source?: string })[];
  profiles?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Every environment variable some role reads, by name. */
export const SCHEMA_KEYS: ReadonlySet<string> = new Set(
  [ServiceEnvSchema, WorkerEnvSchema, MailerEnvSchema, PollerEnvSchema, HealthEnvSchema].flatMap((schema) => Object.keys(schema.shape)),
);

/**
 * The keys a process running `roles` reads: every process reads the roles, the health listener's
 * port and `HOST` (it binds it), the Redis keys and `LOG_LEVEL`; each role adds its own schema.
 */
export function keysReadBy(roles: readonly Role[]): Set<string> {
  const every = ["MAILTRIAGE_ROLES", "HOST", "LOG_LEVEL", ...Object.keys(redisEnvShape), ...Object.keys(HealthEnvSchema.shape)];
  const own: Record<Role, readonly string[]> = {
    api: Object.keys(ApiEnvSchema.shape),
    worker: Object.keys(WorkerEnvSchema.shape),
    scheduler: Object.keys(WorkerEnvSchema.shape),
    mailer: Object.keys(MailerEnvSchema.shape),
    poller: Object.keys(PollerEnvSchema.shape),
  };
  return new Set([...every, ...roles.flatMap((role) => own[role])]);
}

/**
 * Parses a Compose file with YAML merge keys (`<<: *anchor`) and interpolates `${VAR}`,
 * `${VAR:-default}` and `${VAR-default}` the way `docker compose` does with no `.env` and nothing
 * exported (`$$` is a literal `$`). `variables` collects the names used.
 */
export function readCompose(text: string, variables: Set<string> = new Set()): ComposeFile {
  const interpolate = (value: unknown): unknown => {
    if (typeof value === "string") {
      return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, _op?: string, fallback?: string, bare?: string) => {
        if (match === "$$") return "$";
        variables.add((braced ?? bare) as string);
        return fallback ?? "";
      });
    }
    if (Array.isArray(value)) return value.map(interpolate);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
    return value;
  };
  const parsed = parse(text, { merge: true }) as unknown;
  if (parsed === null || typeof parsed !== "object" || !("services" in parsed)) throw new Error("docker-compose.yml: no services");
  return interpolate(parsed) as ComposeFile;
}

/** A service's environment as name → value (list form `KEY=value` too); a bare `KEY` passes the host's value, read as unset. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((entry) => [entry.split("=")[0] as string, entry.includes("=") ? entry.slice(entry.indexOf("=") + 1) : ""]));
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? "" : String(value)]));
}

const commandOf = (service: ComposeService): string[] => (typeof service.command === "string" ? service.command.split(/\s+/).filter((part) => part !== "") : (service.command ?? []));

/** The facts about the image the checks need (from the Dockerfile and the entry point). */
export interface ImageFacts {
  /** `ENV` of the final stage: what every container of the image starts with. */
  env: Record<string, string>;
  /** Whether the final stage has a HEALTHCHECK. */
  healthcheck: boolean;
  /** First arguments the entry point runs as a command, not as roles (`api-key`, `seed-mailbox`). */
  commands: readonly string[];
}

/** Every problem of a Compose file, one line each, naming the service and the key. `root` resolves bind mounts. */
export function composeProblems(compose: ComposeFile, image: ImageFacts, root: string): string[] {
  const problems: string[] = [];
  const services = compose.services;
  const ourImage = (name: string): boolean => {
    const service = services[name] as ComposeService;
    const context = typeof service.build === "string" ? service.build : service.build?.context;
    return context === "." || context === "./" || (service.image !== undefined && Object.values(services).some((other) => other.build !== undefined && other.image === service.image));
  };
  const oneShot = (service: ComposeService): boolean => service.restart === "no" || (service.restart ?? "").startsWith("on-failure");
  const hasHealthcheck = (name: string): boolean => {
    const service = services[name] as ComposeService;
    if (service.healthcheck?.disable === true) return false;
    return service.healthcheck?.test !== undefined || (ourImage(name) && image.healthcheck);
  };

  const rolesRun = new Set<string>();
  for (const [name, service] of Object.entries(services)) {
    const at = `service ${name}`;
    if (service.image === undefined && service.build === undefined) problems.push(`${at}: neither image nor build`);
    if (!oneShot(service) && !hasHealthcheck(name)) problems.push(`${at}: no healthcheck (a long-running service must say when it is healthy)`);
    if (service.container_name !== undefined) problems.push(`${at}: container_name stops \`docker compose up --scale ${name}=N\``);
    for (const port of service.ports ?? []) {
      const published = typeof port === "string" ? port : `${port.host_ip ?? ""}:${port.published ?? ""}`;
      if (!published.startsWith("127.0.0.1:")) problems.push(`${at}: port ${published} is published on every interface (bind it to 127.0.0.1: the demo key and mailbox must stay local)`);
    }
    const depends: Record<string, { condition?: string }> = Array.isArray(service.depends_on) ? Object.fromEntries(service.depends_on.map((d) => [d, {}])) : (service.depends_on ?? {});
    for (const [target, { condition }] of Object.entries(depends)) {
      if (services[target] === undefined) problems.push(`${at}: depends_on ${target}: no such service`);
      else if (condition === "service_healthy" && !hasHealthcheck(target)) problems.push(`${at}: depends_on ${target} being healthy, but ${target} has no healthcheck`);
      else if (condition === "service_completed_successfully" && !oneShot(services[target] as ComposeService)) problems.push(`${at}: depends_on ${target} completing, but ${target} keeps running`);
    }
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === "string" ? volume.split(":")[0] : volume.source;
      if (source === undefined || source === "") continue;
      if (source.startsWith(".") || source.startsWith("/")) {
        if (!existsSync(join(root, source))) problems.push(`${at}: volume source ${source} does not exist`);
      } else if (compose.volumes?.[source] === undefined) problems.push(`${at}: named volume ${source} is not declared under volumes`);
    }
    if (ourImage(name)) problems.push(...roleServiceProblems(name, service, image, services, rolesRun));
    else for (const key of Object.keys(environmentOf(service))) if (key.startsWith("MAILTRIAGE_")) problems.push(`${at}: ${key} is set on a service that is not mailtriage`);
  }
  for (const role of ROLES) if (!rolesRun.has(role)) problems.push(`no service runs the ${role} role on its own`);
  return problems;
}

/** The checks of a service of the mailtriage image: its command, its environment, what it points at. */
function roleServiceProblems(name: string, service: ComposeService, image: ImageFacts, services: Record<string, ComposeService>, rolesRun: Set<string>): string[] {
  const at = `service ${name}`;
  const command = commandOf(service);
  const env = { ...image.env, ...environmentOf(service) };
  const first = command[0] ?? "";
  if (image.commands.includes(first)) return first === "seed-mailbox" ? seedProblems(at, command, services) : [];
  const named = first === "all" ? [...ROLES] : command.join(",").split(",").filter((role) => role !== "");
  const unknown = named.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (named.length === 0 || unknown.length > 0) return [`${at}: command ${JSON.stringify(command)}: ${unknown.length > 0 ? `unknown role ${unknown.join(", ")}` : "no role"} (roles: ${ROLES.join(", ")}, all; commands: ${image.commands.join(", ")})`];
  const roles = named as Role[];
  if (roles.length === 1) rolesRun.add(roles[0] as Role);

  const problems: string[] = [];
  const readable = keysReadBy(roles);
  for (const key of Object.keys(environmentOf(service))) {
    if (!SCHEMA_KEYS.has(key)) problems.push(`${at}: ${key} is not a setting of any role (a typo?)`);
    else if (!readable.has(key)) problems.push(`${at}: ${key} is not read by the ${roles.join(",")} role`);
  }
  // What the container would start with, through the roles' own parsers (as start.ts does).
  const parsers: [boolean, () => unknown][] = [
    [true, () => parseServiceEnv({ ...env, MAILTRIAGE_ROLES: roles.join(",") })],
    [true, () => parseHealthEnv(env)],
    [roles.includes("worker") || roles.includes("scheduler"), () => parseWorkerEnv(env)],
    [roles.includes("mailer"), () => parseMailerEnv(env)],
    [roles.includes("poller") && Boolean(env.MAILTRIAGE_IMAP_MAILBOXES), () => parsePollerEnv(env, (path) => { throw new Error(`${path}: not in the image`); })],
  ];
  for (const [applies, run] of parsers) {
    if (!applies) continue;
    try {
      run();
    } catch (err) {
      problems.push(...(err as Error).message.split("\n").map((line) => `${at}: ${line}`));
    }
  }
  const redisHost = hostOf(env.REDIS_URL);
  if (redisHost !== null && services[redisHost] === undefined) problems.push(`${at}: REDIS_URL points at ${redisHost}, which is no service`);
  for (const box of mailboxesOf(env)) if (services[box.host] === undefined) problems.push(`${at}: mailbox ${box.id} points at ${box.host}, which is no service`);
  return problems;
}

/** The seed must fill the very mailbox the poller reads. */
function seedProblems(at: string, command: readonly string[], services: Record<string, ComposeService>): string[] {
  const option = (name: string): string | undefined => {
    const i = command.indexOf(`--${name}`);
    return i === -1 ? undefined : command[i + 1];
  };
  const seeded = { host: option("host"), port: Number(option("port") ?? 143), user: option("user"), password: option("password"), mailbox: option("mailbox") ?? "INBOX" };
  if (seeded.host === undefined || services[seeded.host] === undefined) return [`${at}: --host ${seeded.host}: no such service`];
  const polled = Object.values(services).flatMap((service) => mailboxesOf(environmentOf(service)));
  const match = polled.some((box) => box.host === seeded.host && (box.port ?? 143) === seeded.port && box.user === seeded.user && box.password === seeded.password && (box.mailbox ?? "INBOX") === seeded.mailbox);
  return match ? [] : [`${at}: seeds ${seeded.user}@${seeded.host}:${seeded.port}/${seeded.mailbox}, a mailbox no poller reads (MAILTRIAGE_IMAP_MAILBOXES)`];
}

interface MailboxEntry {
  id: string;
  host: string;
  port?: number;
  user?: string;
  password?: string;
  mailbox?: string;
}

function mailboxesOf(env: Record<string, string>): MailboxEntry[] {
  if (!env.MAILTRIAGE_IMAP_MAILBOXES) return [];
  try {
    const list: unknown = JSON.parse(env.MAILTRIAGE_IMAP_MAILBOXES);
    return Array.isArray(list) ? (list as MailboxEntry[]) : [];
  } catch {
    return []; // the poller's parser reports it
  }
}

function hostOf(url: string | undefined): string | null {
  if (url === undefined || !URL.canParse(url)) return null;
  return new URL(url).hostname;
}

/** Keys that `.env.example` sets or shows commented out (`# KEY=value`) which no role reads. */
export function envExampleProblems(text: string): string[] {
  const keys = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] as string);
  if (keys.length === 0) return [".env.example: no variable"];
  return keys.filter((key) => !SCHEMA_KEYS.has(key)).map((key) => `.env.example: ${key} is not a setting of any role (a typo?)`);
}

/** Variables the Compose file interpolates which are no setting: a `${TYPO:-x}` silently takes its default. */
export function interpolationProblems(variables: ReadonlySet<string>): string[] {
  return [...variables].filter((name) => !SCHEMA_KEYS.has(name)).map((name) => `docker-compose.yml: \${${name}} is not a setting of any role (a typo?)`);
}
