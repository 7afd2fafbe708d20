import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const MAIN = join(ROOT, "services/cli/src/main.ts");
const TSX = join(ROOT, "node_modules/.bin/tsx");

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [MAIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const REPLY = ["From: Ana <ana@acme-partner.example>", "To: support@mailtriage.example", "Subject: Re: CRM down", "Message-ID: <two@acme-partner.example>", "In-Reply-To: <one@acme-partner.example>", "", "Any news?", ""].join("\r\n");
const FIRST = ["From: Ana <ana@acme-partner.example>", "To: support@mailtriage.example", "Subject: CRM down", "Message-ID: <one@acme-partner.example>", "", "Our CRM is down for all users since 9:00.", ""].join("\r\n");

describe("the triage command", () => {
  it("when given files, a folder and an mbox, then it prints one JSON line per message in input order, threading within the run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-cli-"));
    writeFileSync(join(dir, "a-first.eml"), FIRST);
    writeFileSync(join(dir, "b-reply.eml"), REPLY);
    const mbox = join(dir, "more.mbox");
    writeFileSync(mbox, `From ana@x Fri Nov 20 20:00:00 2026\n${FIRST.replace(/one@/g, "three@").replace(/\r\n/g, "\n")}\nFrom ana@x Fri Nov 20 20:00:01 2026\n${FIRST.replace(/\r\n/g, "\n")}\n`);
    const { code, stdout, stderr } = await run(["--received-at", "2026-11-20T20:00:00Z", dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { outcome: string; reason: string | null; ticketId: string; receivedAt: string; messageId: string });
    // Folder in name order: a-first.eml, b-reply.eml, more.mbox (2 messages).
    expect(lines.map((l) => l.outcome)).toEqual(["ticket", "followup", "ticket", "ignored"]);
    expect(lines[1]?.ticketId).toBe(lines[0]?.ticketId);
    expect(lines[3]).toMatchObject({ reason: "duplicate", ticketId: lines[0]?.ticketId });
    expect(lines.every((l) => l.receivedAt === "2026-11-20T20:00:00.000Z")).toBe(true);
  });

  it.each([
    [[], "no PATH given"],
    [["--received-at", "yesterday", "x.eml"], "--received-at"],
    [["--bogus", "x.eml"], "bogus"],
    [["/nonexistent/mail.eml"], "/nonexistent/mail.eml: no such file or folder"],
  ])("when called with %j, then it exits 2 saying %s", async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("when the policy file has a bad key, then it exits 2 naming the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "triage-cli-"));
    const policy = join(dir, "policy.json");
    writeFileSync(policy, JSON.stringify({ basicFlood: { max: 0 } }));
    writeFileSync(join(dir, "m.eml"), FIRST);
    const { code, stderr } = await run(["--policy", policy, join(dir, "m.eml")]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${policy}: basicFlood.max`);
  });
});
