import { readFileSync } from "node:fs";
import { collectDefaultMetrics, Gauge, type Registry } from "prom-client";

/** What `mailtriage_build_info` carries. */
export interface BuildInfo {
  /** mailtriage's version (the workspace root package.json). */
  version: string;
  /** The Node.js runtime (`process.version`, e.g. `v20.19.0`). */
  node: string;
}

/** The running build: read once per call from package.json, so call it at start-up, not per scrape. */
export function readBuildInfo(): BuildInfo {
  let version = "unknown";
  try {
    const manifest = JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as { version?: unknown };
    if (typeof manifest.version === "string") version = manifest.version;
  } catch {
    // An image without the root manifest still runs; the label says so rather than failing start-up.
  }
  return { version, node: process.version };
}

/**
 * The figures of this process itself, for any registry that serves them (the API's `/metrics`,
 * the health listener's `/metrics`): prom-client's default metrics (`process_*` CPU and
 * memory, `nodejs_*` event-loop lag, heap, GC) and `mailtriage_build_info{version,node}` = 1.
 * Each registry gets metric objects of its own, so an all-in-one process (API and health
 * listener) registers nothing twice in one registry and never touches prom-client's global one.
 */
export function registerProcessMetrics(registry: Registry, build: BuildInfo = readBuildInfo()): void {
  collectDefaultMetrics({ register: registry });
  const info = new Gauge({ name: "mailtriage_build_info", help: "Always 1; the labels say which mailtriage version runs on which Node.js.", labelNames: ["version", "node"], registers: [registry] });
  info.set({ version: build.version, node: build.node }, 1);
}
