// .env.example is generated from the roles' schemas (scripts/env-example.ts): it fails here when
// it is stale, and every default it shows must be a value its role accepts once uncommented.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/config-reference";
import { exampleEntries, OUTPUT, renderEnvExample } from "../../scripts/env-example";

describe(".env.example", () => {
  it("when a schema or a doc comment changes, then the committed file still equals the generated one (else: pnpm env:example)", () => {
    expect(readFileSync(join(ROOT, OUTPUT), "utf8"), `${OUTPUT} is stale: run pnpm env:example`).toBe(renderEnvExample());
  });

  it("when a default it shows is uncommented as it stands, then the setting accepts it and means the same", () => {
    const entries = exampleEntries();
    expect(entries.length).toBeGreaterThan(40);
    for (const entry of entries.filter((e) => e.value !== "")) {
      const parsed = entry.schema.safeParse(entry.value);
      expect(parsed.success, `${entry.key}=${entry.value}`).toBe(true);
      expect(parsed.data, `${entry.key}=${entry.value}`).toEqual(entry.schema.safeParse(undefined).data);
    }
  });

  it("when a variable has no default, then it is shown empty, documented, and named once", () => {
    const entries = exampleEntries();
    expect(entries.filter((e) => e.description.join("") === "").map((e) => e.key)).toEqual([]);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
    const text = renderEnvExample();
    for (const entry of entries) expect(text).toContain(`\n# ${entry.key}=${entry.value}\n`);
  });
});
