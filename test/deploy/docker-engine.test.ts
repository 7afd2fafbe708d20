// Where a Docker engine answers (a developer's machine, a CI runner with Docker), the real
// tools check the files too: `docker compose config` validates docker-compose.yml against the
// Compose specification, and `docker build` builds the image and runs its entrypoint's usage
// error. The machine this project is built on has only the docker client (no engine, no compose
// plugin), so there these tests are skipped and compose.test.ts checks what it can without Docker.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function docker(args: string[], timeoutMs: number) {
  return spawnSync("docker", args, { cwd: ROOT, encoding: "utf8", timeout: timeoutMs });
}

const engine = docker(["info", "--format", "{{.ServerVersion}}"], 10_000).status === 0;
const compose = engine && docker(["compose", "version"], 10_000).status === 0;
const build = engine && process.env.MAILTRIAGE_TEST_DOCKER_BUILD === "1";

describe("with a Docker engine", () => {
  it.skipIf(!compose)("when docker compose reads docker-compose.yml, then it is valid and names every role's service", () => {
    const result = docker(["compose", "config", "--services"], 60_000);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n").filter(Boolean).sort()).toEqual(expect.arrayContaining(["api", "poller", "redis", "scheduler", "worker"]));
  });

  // Slow (a full image build): opt in with MAILTRIAGE_TEST_DOCKER_BUILD=1.
  it.skipIf(!build)("when the image is built, then it runs as a non-root user and refuses an unknown role by name", () => {
    const tag = `mailtriage:test-${process.pid}`;
    const built = docker(["build", "-t", tag, "."], 1_200_000);
    expect(built.status, built.stderr).toBe(0);
    try {
      const user = docker(["run", "--rm", "--entrypoint", "id", tag, "-u"], 60_000);
      expect(user.stdout.trim()).not.toBe("0");
      const bad = docker(["run", "--rm", tag, "no-such-role"], 60_000);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/no-such-role/);
    } finally {
      docker(["rmi", "-f", tag], 60_000);
    }
  }, 1_300_000);
});
