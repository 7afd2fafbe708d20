import { ConfigError } from "@mailtriage/config";
import { describe, expect, it } from "vitest";
import { parsePollerEnv, resolveMailbox } from "../src";

const BOX = { id: "support", host: "imap.example.com", user: "support@example.com", password: "s3cret-value" };
const files: Record<string, string> = {
  "poller.json": JSON.stringify({ mailboxes: [{ ...BOX, id: "sales", onProcessed: "move", processedFolder: "Done" }] }),
  "bare.json": JSON.stringify([{ ...BOX, id: "billing", accessToken: "tok", password: undefined }]),
  "broken.json": "{ not json",
  "typo.json": JSON.stringify({ mailboxes: [{ ...BOX, pollIntervallMs: 5 }] }),
};
const readFile = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
  return text;
};
const parse = (env: Record<string, string>) => parsePollerEnv(env, readFile);

describe("parsePollerEnv", () => {
  it("when one mailbox is given inline, then the defaults fill the rest", () => {
    const env = parse({ MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([BOX]) });
    expect(env.mailboxes).toEqual([{ ...BOX, tls: true, mailbox: "INBOX", onProcessed: "seen", unprocessableFolder: "Unprocessable", pollIntervalMs: 60_000, idle: true, startAt: "all", batchSize: 100, commandTimeoutMs: 60_000 }]);
    expect(env.MAILTRIAGE_IMAP_LOCK_TTL_MS).toBe(10_000);
    expect(resolveMailbox(env.mailboxes[0]!, 26_214_400)).toMatchObject({ port: 993, maxMessageBytes: 26_214_400 });
  });

  it.each<[string, Record<string, string>, string[]]>([
    ["a file with a wrapper", { MAILTRIAGE_IMAP_CONFIG_FILE: "poller.json" }, ["sales"]],
    ["a bare array file with an OAuth2 token", { MAILTRIAGE_IMAP_CONFIG_FILE: "bare.json" }, ["billing"]],
    ["both inline and file", { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([BOX]), MAILTRIAGE_IMAP_CONFIG_FILE: "poller.json" }, ["support", "sales"]],
  ])("when mailboxes come from %s, then all are read", (_case, env, ids) => {
    expect(parse(env).mailboxes.map((m) => m.id)).toEqual(ids);
  });

  it.each<[string, Record<string, string>, string]>([
    ["no mailbox at all", {}, "MAILTRIAGE_IMAP_MAILBOXES: no mailbox configured"],
    ["a port out of range", { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([{ ...BOX, port: 70_000 }]) }, "MAILTRIAGE_IMAP_MAILBOXES: 0.port: Too big"],
    ["neither password nor token", { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([{ ...BOX, password: undefined }]) }, "0.password: set exactly one of password and accessToken"],
    ["move without a folder", { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([{ ...BOX, onProcessed: "move" }]) }, '0.processedFolder: required when onProcessed is "move"'],
    ["an unknown key in a file", { MAILTRIAGE_IMAP_CONFIG_FILE: "typo.json" }, "typo.json: mailboxes.0.pollIntervallMs: unknown key (a typo?)"],
    ["a file that is not JSON", { MAILTRIAGE_IMAP_CONFIG_FILE: "broken.json" }, "broken.json: not valid JSON"],
    ["a missing file", { MAILTRIAGE_IMAP_CONFIG_FILE: "nope.json" }, "MAILTRIAGE_IMAP_CONFIG_FILE: cannot read nope.json: ENOENT"],
    ["the same id twice", { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([BOX, BOX]) }, 'mailbox id "support" is configured twice'],
    ["a bad lock TTL", { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([BOX]), MAILTRIAGE_IMAP_LOCK_TTL_MS: "10" }, "MAILTRIAGE_IMAP_LOCK_TTL_MS: Too small"],
  ])("when the config has %s, then the error names the key", (_case, env, message) => {
    expect(() => parse(env)).toThrow(ConfigError);
    expect(() => parse(env)).toThrow(message);
  });

  it("when a mailbox is invalid, then the password is never echoed", () => {
    const env = { MAILTRIAGE_IMAP_MAILBOXES: JSON.stringify([{ ...BOX, port: "x" }]) };
    expect(() => parse(env)).toThrow(/0\.port/);
    expect(() => parse(env)).not.toThrow(/s3cret-value/);
  });
});
