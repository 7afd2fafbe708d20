// The demo mailbox seed of docker-compose.yml (`seed-mailbox`, src/seed-mailbox.ts), run as the
// command it is against a real Dovecot (test/support/dovecot.ts), each test as a fresh user.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDovecot, type TestDovecot } from "../../../test/support/dovecot";
import { EXAMPLES_DIR } from "../../../test/support/examples";

const COMMAND = fileURLToPath(new URL("../src/seed-mailbox.ts", import.meta.url));
const EMAILS = join(EXAMPLES_DIR, "emails");
const EXAMPLE_COUNT = readdirSync(EMAILS).filter((name) => name.endsWith(".eml")).length;

/** Runs the command to its end: exit code and output. */
function seed(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", COMMAND, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("seed-mailbox", () => {
  let dovecot: TestDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(() => dovecot?.close());

  const login = (user: { user: string; password: string }) => ["--host", dovecot.host, "--port", String(dovecot.port), "--user", user.user, "--password", user.password];

  it("when the example emails are seeded twice, then the inbox holds each of them once, in name order", async () => {
    const user = dovecot.addUser("seed-twice");
    const first = await seed([...login(user), EMAILS]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`seed-mailbox: imap://${user.user}@127.0.0.1:${dovecot.port}/INBOX: appended ${EXAMPLE_COUNT} messages\n`);

    const second = await seed([...login(user), EMAILS]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`holds ${EXAMPLE_COUNT} messages already: left as it is`);

    const imap = await dovecot.session(user);
    try {
      expect((await imap.select("INBOX")).exists).toBe(EXAMPLE_COUNT);
      // Name order is UID order (a follow-up after its parent); 01 and its duplicate 56 share a Message-ID.
      expect(await imap.uidSearch('HEADER Message-ID "ex01.7f3a2c@acme-partner.example"')).toEqual([1, 56]);
    } finally {
      await imap.logout();
    }
  });

  it("when the folder does not exist, then it is created and filled, and files can be named one by one", async () => {
    const user = dovecot.addUser("seed-folder");
    const files = ["01-acme-crm-outage-urgent.eml", "17-solnube-login-critico.eml"].map((name) => join(EMAILS, name));
    const result = await seed([...login(user), "--mailbox", "Partners", ...files]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("/Partners: appended 2 messages");
    const imap = await dovecot.session(user);
    try {
      expect((await imap.select("Partners")).exists).toBe(2);
    } finally {
      await imap.logout();
    }
  });

  it("when the password is wrong, then it exits 1 naming the server's refusal", async () => {
    const user = dovecot.addUser("seed-badpass");
    const result = await seed([...login({ ...user, password: "wrong-password" }), EMAILS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^seed-mailbox: imap://${user.user}@127\\.0\\.0\\.1:${dovecot.port}/INBOX: .*(auth|fail)`, "i"));
  });

  it.each([
    ["no path", [], "name at least one .eml file or folder"],
    ["no password", ["--password", ""], "--password is required"],
    ["a bad port", ["--port", "99999"], "--port: expected 1-65535"],
    ["a missing file", ["/nonexistent/mail.eml"], "/nonexistent/mail.eml: ENOENT"],
    ["an unknown option", ["--pasword", "x", "mail.eml"], "Unknown option '--pasword'"],
  ])("when given %s, then it exits 2 with the reason and the usage, contacting nothing", async (_case, extra, reason) => {
    const result = await seed(["--host", "192.0.2.1", "--user", "u", "--password", "p", ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stderr).toContain("usage: seed-mailbox");
  });
});
