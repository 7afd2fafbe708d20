// docs/configuration.md is generated from the zod schemas (scripts/config-reference.ts): these
// tests fail when it is stale, when a setting has no description, or when the sources name a
// MAILTRIAGE_* variable that no schema declares.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envRows, MAILBOX_NOTES, mailboxRows, OUTPUT, renderConfigReference, ROOT } from "../../scripts/config-reference";
import { readDocComments } from "../../scripts/config-reference/doc-comments";
import { POLICY_NOTES, policyRows } from "../../scripts/config-reference/policy-rows";

/** Every `.ts` file under the `src` folders of packages/* and services/*. */
function sourceFiles(): string[] {
  return ["packages", "services"].flatMap((group) =>
    readdirSync(join(ROOT, group)).flatMap((name) => {
      try {
        return readdirSync(join(ROOT, group, name, "src"), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
          .map((entry) => join(entry.parentPath, entry.name));
      } catch {
        return []; // a package without src/
      }
    }),
  );
}

describe("docs/configuration.md", () => {
  it("when a schema or a doc comment changes, then the committed reference still equals the generated one (else: pnpm docs:config)", () => {
    const committed = readFileSync(join(ROOT, OUTPUT), "utf8");
    expect(committed, `${OUTPUT} is stale: run pnpm docs:config`).toBe(renderConfigReference());
  });

  it("when a role reads an environment variable, then its declaration carries a doc comment", () => {
    const rows = envRows();
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((row) => row.description === "").map((row) => row.key)).toEqual([]);
  });

  it("when the sources name a MAILTRIAGE_* variable, then the reference documents it", () => {
    const documented = new Set(envRows().map((row) => row.key));
    const named = new Set(sourceFiles().flatMap((file) => readFileSync(file, "utf8").match(/\bMAILTRIAGE_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []));
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it("when the policy file or a mailbox entry has a key, then the reference describes it", () => {
    const policy = policyRows(ROOT);
    expect(policy.map((row) => row.path)).toEqual(expect.arrayContaining(["limits.maxMessageBytes", "regions.*.timezone", "severityTargets.1.acknowledgeHours", "products[].aliases"]));
    expect(policy.filter((row) => row.description === "").map((row) => row.path)).toEqual([]);
    expect(mailboxRows().filter((row) => row.description === "").map((row) => row.path)).toEqual([]);
  });

  it.each([
    ["policy", POLICY_NOTES, () => policyRows(ROOT).map((row) => row.path), readDocComments(join(ROOT, "packages/contracts/src/policy.ts"), "PolicySchema")],
    ["mailbox", MAILBOX_NOTES, () => mailboxRows().map((row) => row.path), readDocComments(join(ROOT, "services/imap-poller/src/mailbox-config.ts"), "MailboxConfigSchema")],
  ] as const)("when a %s key gets a doc comment, then its stand-in note in the script must go (no two texts for one key)", (_name, notes, paths, comments) => {
    const known = new Set(paths());
    for (const key of Object.keys(notes)) {
      expect(known.has(key), `note for unknown key ${key}`).toBe(true);
      expect(comments.has(key), `${key} has a doc comment now: remove its note from the script`).toBe(false);
    }
  });
});

describe("readDocComments", () => {
  const dir = mkdtempSync(join(tmpdir(), "doc-comments-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const FIXTURE = `
const shared = {
  /** From a spread. */
  SHARED: z.string(),
};
const Item = z.strictObject({
  /** An item's name. */
  name: z.string(),
  plain: z.string(),
});
export const Schema = z
  .strictObject({
    ...shared,
    /**
     * Two lines,
     * joined.
     */
    "quoted-key": z.number().default(1),
    nested: z.object({ /** Deep. */ deep: z.boolean() }).optional(),
    byCode: z.record(z.string(), Item),
    list: z.array(Item).min(1),
    // not a doc comment
    undocumented: z.string(),
  })
  .superRefine(() => undefined);
export const Extended = Schema.extend({ /** Added. */ EXTRA: z.string() });
`;

  it.each([
    ["Schema", { SHARED: "From a spread.", "quoted-key": "Two lines, joined.", "nested.deep": "Deep.", "byCode.*.name": "An item's name.", "list[].name": "An item's name." }],
    ["Extended", { SHARED: "From a spread.", "quoted-key": "Two lines, joined.", "nested.deep": "Deep.", "byCode.*.name": "An item's name.", "list[].name": "An item's name.", EXTRA: "Added." }],
  ])("when the schema is %s, then every documented key is found by its path and nothing else", (root, expected) => {
    const file = join(dir, "fixture.ts");
    writeFileSync(file, FIXTURE);
    expect(Object.fromEntries(readDocComments(file, root))).toEqual(expected);
  });

  it("when the constant does not exist, then the error names the file and the constant", () => {
    const file = join(dir, "empty.ts");
    writeFileSync(file, "export {};\n");
    expect(() => readDocComments(file, "Missing")).toThrow(/empty\.ts: no top-level constant "Missing"/);
  });
});
