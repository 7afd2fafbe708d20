// What test/deploy/compose.test.ts checks in the Dockerfile (without Docker): the instructions
// read as Docker reads them (continuation lines, comments, ARG defaults in FROM), one line per
// problem.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ImageFacts } from "./compose-checks";
import { SCHEMA_KEYS } from "./compose-checks";

/** One instruction: `FROM`, `RUN` …, its arguments as one line. */
export interface Instruction {
  name: string;
  args: string;
}

/** The instructions of a Dockerfile: comments dropped, `\` continuations joined. */
export function readDockerfile(text: string): Instruction[] {
  const joined = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const space = line.search(/\s/);
      return { name: (space === -1 ? line : line.slice(0, space)).toUpperCase(), args: space === -1 ? "" : line.slice(space).trim().replace(/\s+/g, " ") };
    });
}

/** `A=1 B="two"` (ENV, ARG) → pairs. */
function pairs(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map((m) => [m[1] as string, (m[2] as string).replace(/^"(.*)"$/, "$1")]));
}

/** The image a FROM names, with `${ARG}` replaced by the defaults of the ARGs declared before the first FROM. */
function fromImage(args: string, globalArgs: Record<string, string>): string {
  const image = args.split(" ")[0] ?? "";
  return image.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => globalArgs[name] ?? "");
}

/** The final stage's facts the Compose checks need; `entrypoint` is the entry point script's text. */
export function imageFacts(dockerfile: string, entrypoint: string): ImageFacts {
  const instructions = readDockerfile(dockerfile);
  const lastFrom = instructions.map((i) => i.name).lastIndexOf("FROM");
  const final = instructions.slice(lastFrom + 1);
  return {
    env: Object.assign({}, ...final.filter((i) => i.name === "ENV").map((i) => pairs(i.args))) as Record<string, string>,
    healthcheck: final.some((i) => i.name === "HEALTHCHECK" && !/^NONE\b/i.test(i.args)),
    commands: entrypointCommands(entrypoint).filter((command) => command !== "all"),
  };
}

/** The words the entry point's `case` handles besides roles (`all`, `api-key`, `seed-mailbox`). */
export function entrypointCommands(script: string): string[] {
  return [...script.matchAll(/^\s*([a-z][a-z-]*)\)/gm)].map((m) => m[1] as string);
}

/**
 * Every problem of the Dockerfile: multi-stage `node:<major>-slim` with a Node the engines field
 * allows, pnpm as package.json pins it in the build stage only, a production-only install through
 * deploy/install-production.sh, a non-root USER, a HEALTHCHECK and an ENTRYPOINT whose files are
 * in the build context (`contextFiles`), and only real settings in ENV.
 */
export function dockerfileProblems(text: string, root: string, contextFiles: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const instructions = readDockerfile(text);
  const firstFrom = instructions.findIndex((i) => i.name === "FROM");
  const globalArgs = Object.assign({}, ...instructions.slice(0, Math.max(firstFrom, 0)).filter((i) => i.name === "ARG").map((i) => pairs(i.args))) as Record<string, string>;
  const froms = instructions.map((i, index) => ({ ...i, index })).filter((i) => i.name === "FROM");
  if (froms.length < 2) problems.push("Dockerfile: not multi-stage (one FROM): the build tools would ship in the image");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { packageManager?: string; engines?: { node?: string } };
  const minMajor = Number(/(\d+)/.exec(pkg.engines?.node ?? "")?.[1] ?? 0);
  for (const from of froms) {
    const image = fromImage(from.args, globalArgs);
    const match = /^node:(\d+)(?:\.[\d.]+)?-slim$/.exec(image);
    if (match === null) problems.push(`Dockerfile: FROM ${image}: expected node:<major>-slim`);
    else if (Number(match[1]) < minMajor) problems.push(`Dockerfile: FROM ${image}: package.json engines needs Node ${pkg.engines?.node}`);
  }
  const lastFrom = froms.at(-1)?.index ?? 0;
  const build = instructions.slice(0, lastFrom);
  const final = instructions.slice(lastFrom + 1);

  const pnpmVersion = pkg.packageManager?.replace(/^pnpm@/, "");
  const pinned = build.filter((i) => i.name === "ARG").map((i) => pairs(i.args).PNPM_VERSION).find((v) => v !== undefined);
  if (pinned !== pnpmVersion) problems.push(`Dockerfile: ARG PNPM_VERSION=${pinned} differs from package.json packageManager pnpm@${pnpmVersion}`);
  if (!build.some((i) => i.name === "RUN" && i.args.includes("deploy/install-production.sh"))) problems.push("Dockerfile: the build stage does not install through deploy/install-production.sh");
  const install = existsSync(join(root, "deploy/install-production.sh")) ? readFileSync(join(root, "deploy/install-production.sh"), "utf8") : "";
  if (!/pnpm install --prod --frozen-lockfile/.test(install)) problems.push("deploy/install-production.sh: not `pnpm install --prod --frozen-lockfile` (dev dependencies or an unlocked install would ship)");
  if (final.some((i) => i.name === "RUN" && /\bpnpm\b|npm install/.test(i.args))) problems.push("Dockerfile: the final stage installs packages (only the build stage should)");

  const user = final.filter((i) => i.name === "USER").at(-1)?.args.split(":")[0];
  if (user === undefined || user === "root" || user === "0") problems.push(`Dockerfile: the final stage runs as ${user ?? "root (no USER)"}; use an unprivileged user such as node`);
  const healthcheck = final.filter((i) => i.name === "HEALTHCHECK").at(-1);
  if (healthcheck === undefined || /^NONE\b/i.test(healthcheck.args)) problems.push("Dockerfile: no HEALTHCHECK in the final stage");
  const entrypoint = final.filter((i) => i.name === "ENTRYPOINT").at(-1);
  if (entrypoint === undefined) problems.push("Dockerfile: no ENTRYPOINT (the role argument needs one)");
  for (const instruction of [healthcheck, entrypoint]) {
    for (const file of instruction?.args.match(/[\w./-]+\.(?:mjs|sh|js|ts)\b/g) ?? []) {
      if (!contextFiles.has(file)) problems.push(`Dockerfile: ${instruction?.name} runs ${file}, which is not in the build context (missing, or excluded by .dockerignore)`);
    }
  }
  for (const key of Object.keys(Object.assign({}, ...final.filter((i) => i.name === "ENV").map((i) => pairs(i.args))) as Record<string, string>)) {
    if (key !== "NODE_ENV" && !SCHEMA_KEYS.has(key)) problems.push(`Dockerfile: ENV ${key} is not a setting of any role (a typo?)`);
  }
  return problems;
}
