import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDovecot, type TestDovecot } from "./dovecot";
import { imapDateTime } from "./raw-imap";

let dovecot: TestDovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.close();
});

const message = (n: number): Uint8Array => new TextEncoder().encode(`From: a@example.com\r\nMessage-ID: <harness-${n}@example.com>\r\nSubject: ${n}\r\n\r\nbody ${n}\r\n`);

describe("the Dovecot test harness", () => {
  it.each([
    [new Date("2026-11-20T20:00:07.000Z"), '"20-Nov-2026 20:00:07 +0000"'],
    [new Date("2027-01-02T03:04:05.000Z"), '"02-Jan-2027 03:04:05 +0000"'],
  ])("when formatting %s for APPEND, then it is the RFC 3501 date-time %s", (date, text) => {
    expect(imapDateTime(date)).toBe(text);
  });

  it("when messages are appended for a fresh user, then they get consecutive UIDs and the given internal dates", async () => {
    const user = dovecot.addUser("harness");
    const dates = [new Date("2026-11-20T20:00:07.000Z"), new Date("2026-11-21T08:30:00.000Z")];
    const uids = await dovecot.append(user, "INBOX", dates.map((internalDate, i) => ({ raw: message(i), internalDate })));
    expect(uids).toEqual([1, 2]);
    const imap = await dovecot.session(user);
    await imap.select("INBOX");
    const reply = await imap.command("UID FETCH 1:2 (INTERNALDATE)");
    await imap.logout();
    expect(reply.untagged.join("\n")).toContain('INTERNALDATE "20-Nov-2026 20:00:07 +0000"');
    expect(reply.untagged.join("\n")).toContain('INTERNALDATE "21-Nov-2026 08:30:00 +0000"');
  });

  it("when two users are created, then neither sees the other's mail", async () => {
    const [a, b] = [dovecot.addUser("a"), dovecot.addUser("b")];
    await dovecot.append(a, "INBOX", [{ raw: message(1), internalDate: new Date() }]);
    const imap = await dovecot.session(b);
    const box = await imap.select("INBOX");
    await imap.logout();
    expect(box.exists).toBe(0);
  });

  it("when the server is stopped and started again, then the mail is still there and logins work", async () => {
    const user = dovecot.addUser("restart");
    await dovecot.append(user, "INBOX", [{ raw: message(1), internalDate: new Date() }]);
    await dovecot.stop();
    expect(dovecot.running).toBe(false);
    await expect(dovecot.session(user)).rejects.toThrow();
    await dovecot.start();
    const imap = await dovecot.session(user);
    const box = await imap.select("INBOX");
    await imap.logout();
    expect(box.exists).toBe(1);
  });

  it("when a mailbox is deleted and created again, then its UIDVALIDITY changes", async () => {
    const user = dovecot.addUser("uidvalidity");
    await dovecot.append(user, "Support", [{ raw: message(1), internalDate: new Date() }]);
    const imap = await dovecot.session(user);
    const before = await imap.select("Support");
    await imap.command("UNSELECT");
    await imap.delete("Support");
    await imap.create("Support");
    const after = await imap.select("Support");
    await imap.logout();
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.exists).toBe(0);
  });

  it("when a wrong password is given, then the login is refused", async () => {
    const user = dovecot.addUser("wrong");
    await expect(dovecot.session({ ...user, password: "nope" })).rejects.toThrow(/NO/);
  });
});
