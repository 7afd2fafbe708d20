import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@mailtriage/config";
import { describe, expect, it } from "vitest";
import { loadReplyTexts, mailerEnabled, parseMailerEnv, startMailer } from "../src";

const dir = mkdtempSync(join(tmpdir(), "mailer-config-"));
function file(name: string, json: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe("mailer settings", () => {
  it("when MAILTRIAGE_SMTP_HOST is unset, then the mailer is off and starts nothing", async () => {
    const env = parseMailerEnv({ LOG_LEVEL: "silent" });
    expect(mailerEnabled(env)).toBe(false);
    expect(await startMailer(env)).toBeNull();
  });

  it.each([
    [{ MAILTRIAGE_SMTP_HOST: "smtp.example" }, "MAILTRIAGE_REPLY_FROM: required when MAILTRIAGE_SMTP_HOST is set"],
    [{ MAILTRIAGE_SMTP_HOST: "smtp.example", MAILTRIAGE_REPLY_FROM: "a@b.example", MAILTRIAGE_SMTP_USER: "u" }, "MAILTRIAGE_SMTP_PASSWORD: MAILTRIAGE_SMTP_USER and MAILTRIAGE_SMTP_PASSWORD go together"],
    [{ MAILTRIAGE_SMTP_PORT: "70000" }, "MAILTRIAGE_SMTP_PORT: Too big"],
    [{ MAILTRIAGE_SMTP_TLS: "ssl" }, "MAILTRIAGE_SMTP_TLS:"],
    [{ MAILTRIAGE_REPLY_OWN_ADDRESSES: "support@x.example, not-an-address" }, "MAILTRIAGE_REPLY_OWN_ADDRESSES: entry 2 is not an email address"],
  ])("when the environment is %o, then start-up stops naming the key", (env, message) => {
    expect(() => parseMailerEnv(env)).toThrow(ConfigError);
    expect(() => parseMailerEnv(env)).toThrow(message);
  });
});

describe("reply template overrides (MAILTRIAGE_REPLY_TEMPLATES_FILE)", () => {
  it("when an operator overrides one Spanish text, then that text changes and every other stays shipped", async () => {
    const texts = await loadReplyTexts(file("ok.json", { es: { signOff: "Un saludo,\nEquipo de partners" } }));
    expect(texts.es.signOff).toBe("Un saludo,\nEquipo de partners");
    expect(texts.es.greeting).toBe("Hola:");
    expect(texts.en.signOff).toBe("Kind regards,\nPartner Support");
  });

  it.each([
    ["a misspelt key", { es: { consent: { fromm: "x" } } }, "bad.json: es.consent.fromm: unknown key (a typo?)"],
    ["an unknown language", { it: { greeting: "Ciao" } }, "bad.json: it: unknown key (a typo?)"],
    ["a placeholder the text does not have", { de: { consent: { from: "Von {client}." } } }, "bad.json: de.consent.from: unknown placeholder {client} (this text may use: {customer})"],
    ["an empty text", { fr: { greeting: "" } }, "bad.json: fr.greeting: must not be empty"],
  ])("when the file has %s, then loading fails naming the key", async (_what, json, message) => {
    await expect(loadReplyTexts(file("bad.json", json))).rejects.toThrow(message);
  });
});
