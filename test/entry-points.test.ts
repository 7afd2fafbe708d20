// Each role's own entry point (the scale-out way to run one role per process) meets a bad
// setting the way the README promises: one line on stderr naming the key, no stack trace, exit
// 1, before anything connects to Redis.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

describe("a role's entry point started with a bad setting", () => {
  it.each([
    ["services/worker/src/main.ts", { MAILTRIAGE_WORKER_CONCURRENCY: "0" }, /^worker: MAILTRIAGE_WORKER_CONCURRENCY: /],
    ["services/mailer/src/main.ts", { MAILTRIAGE_SMTP_HOST: "smtp.example.com", MAILTRIAGE_SMTP_PORT: "0", MAILTRIAGE_REPLY_FROM: "support@example.com" }, /^mailer: MAILTRIAGE_SMTP_PORT: /],
    ["services/imap-poller/src/main.ts", {}, /^imap-poller: MAILTRIAGE_IMAP_MAILBOXES: /],
    ["services/api/src/start.ts", { PORT: "99999" }, /^mailtriage: PORT: /],
  ])("when %s starts, then it says which key is wrong in one line and exits 1", (entry, settings, message) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, REDIS_URL: "redis://127.0.0.1:1", ...settings };
    const run = spawnSync(process.execPath, ["--import", "tsx", entry], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(lines.length).toBe(1);
  });
});
