// The shipped alert rules (ops/prometheus/alerts.yml), Grafana dashboard (ops/grafana/
// mailtriage.json) and the operations guide's metrics list must name only metrics the service
// exposes. The real app runs on the real Redis under its own prefix, triages example emails,
// marks an SLA breach, reports a mailbox and has a consumer group behind on the events stream,
// so every family has samples; then its /metrics page is the yardstick. A process's own
// health listener (MAILTRIAGE_HEALTH_PORT) is the yardstick of the dashboard's Processes row.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEventStreamReader } from "@mailtriage/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { HealthListener } from "../../services/api/src/roles/health-listener";
import { startTestHealthListener } from "../../services/api/test/support/test-health-listener";
import { REPLIES_CONSUMER_GROUP } from "../../services/mailer/src/outbound-job";
import { ticketDecision } from "../../packages/store/test/support/decisions";
import { bearer, openTestApi, ROOT, type TestApi } from "../../services/api/test/support/test-api";
import { metricValue, waitForJob } from "../../services/api/test/support/wait-for-job";
import { HealthRecorder } from "../../services/imap-poller/src/health-recorder";
import { pollerKeys } from "../../services/imap-poller/src/poller-keys";
import { waitFor } from "../../services/worker/test/support/wait-for";
import { EXAMPLES_DIR } from "../support/examples";
import { groupingLabelsOf, metricNamesOf, parseExposition, resolveSeries, selectorLabelsOf, variableQueryExpr, type MetricFamily } from "./support/prometheus-text";

interface AlertRule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; runbook?: string };
}
interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string | { query: string }; datasource?: { uid?: string } }[] };
}

const ALERTS = parse(readFileSync(join(ROOT, "ops/prometheus/alerts.yml"), "utf8")) as { groups: { name: string; rules: AlertRule[] }[] };
const DASHBOARD = JSON.parse(readFileSync(join(ROOT, "ops/grafana/mailtriage.json"), "utf8")) as Dashboard;
const OPERATIONS = readFileSync(join(ROOT, "docs/operations.md"), "utf8");

/** Prometheus's own per-target series, usable in any rule. */
const PROMETHEUS_SERIES = new Set(["up"]);
/** redis_exporter (oliver006/redis_exporter, namespace `redis`) series: allowed in the group mailtriage-redis only. */
const REDIS_EXPORTER_SERIES = new Set(["redis_up", "redis_memory_used_bytes", "redis_memory_max_bytes", "redis_rdb_last_bgsave_status", "redis_aof_last_write_status"]);
/** Labels Prometheus attaches to every scraped series, and the bucket label of histograms. */
const ADDED_LABELS = new Set(["job", "instance", "le"]);
const DATASOURCE_UID = "${datasource}";

/**
 * What is wrong with `expr` against the exposed `families`: a metric not exposed (or a
 * histogram suffix on a non-histogram), a label in a selector or a `by`/`without` clause that
 * none of the expression's metrics carries. `external` names series from elsewhere.
 */
function problemsOf(expr: string, families: ReadonlyMap<string, MetricFamily>, external: ReadonlySet<string> = PROMETHEUS_SERIES): string[] {
  const problems: string[] = [];
  const names = metricNamesOf(expr);
  if (names.length === 0) problems.push(`no metric in "${expr}"`);
  const known = new Set<string>(ADDED_LABELS);
  for (const name of names) {
    if (external.has(name)) continue;
    const family = resolveSeries(families, name);
    if (family === null) problems.push(`${name}: not exposed by /metrics`);
    else if (!family.sampled) problems.push(`${name}: exposed without samples (the test should give it some)`);
    else for (const label of family.labels) known.add(label);
  }
  if (names.some((name) => external.has(name))) return problems; // external series' labels are not known here
  for (const [name, labels] of selectorLabelsOf(expr)) for (const label of labels) if (!known.has(label)) problems.push(`${name}{${label}}: no such label`);
  for (const label of groupingLabelsOf(expr)) if (!known.has(label)) problems.push(`by/without (${label}): no such label`);
  return problems;
}

function panelsOf(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);
}

/** The panels under the row titled `title` (up to the next row), or inside it when collapsed. */
function rowPanels(title: string): Panel[] {
  const start = DASHBOARD.panels.findIndex((panel) => panel.type === "row" && panel.title === title);
  if (start < 0) return [];
  const row = DASHBOARD.panels[start] as Panel;
  const next = DASHBOARD.panels.findIndex((panel, i) => i > start && panel.type === "row");
  return [...(row.panels ?? []), ...DASHBOARD.panels.slice(start + 1, next < 0 ? undefined : next)];
}

/** The row of per-process panels, drawn from API processes and from other processes' health ports alike. */
const PROCESSES_ROW = "Processes (every role)";

describe("PromQL and exposition helpers", () => {
  it.each([
    ["rate(mailtriage_messages_total[5m])", ["mailtriage_messages_total"]],
    ['sum by (outcome) (max by (outcome, reason) (rate(mailtriage_messages_total{job=~"$job"}[$__rate_interval])))', ["mailtriage_messages_total"]],
    ["histogram_quantile(0.95, max by (le) (rate(h_seconds_bucket{queue=\"inbound\"}[10m]))) > 5", ["h_seconds_bucket"]],
    ["redis_memory_used_bytes / redis_memory_max_bytes > 0.8 and redis_memory_max_bytes > 0", ["redis_memory_used_bytes", "redis_memory_max_bytes"]],
    ['absent(up{job="mailtriage"})', ["up"]],
    ["max(x) without (instance) offset 5m", ["x"]],
  ])("when the expression is %s, then its metrics are %j", (expr, names) => {
    expect(metricNamesOf(expr).sort()).toEqual([...names].sort());
  });

  it("when series are resolved, then histogram suffixes belong only to histograms", () => {
    const families = parseExposition("# TYPE h histogram\nh_bucket{le=\"1\",q=\"a\"} 1\nh_sum 1\nh_count 1\n# TYPE c_total counter\nc_total{r=\"x\"} 2\n# TYPE g gauge\n");
    expect(resolveSeries(families, "h_bucket")?.type).toBe("histogram");
    expect(resolveSeries(families, "c_total_count")).toBeNull();
    expect(families.get("h")?.labels).toEqual(new Set(["le", "q"]));
    expect(families.get("g")?.sampled).toBe(false);
    expect(variableQueryExpr("label_values(mailtriage_queue_jobs, job)")).toBe("mailtriage_queue_jobs");
  });
});

describe("alert runbooks", () => {
  /** GitHub's anchors of the guide's headings. */
  const anchors = new Set([...OPERATIONS.matchAll(/^#{2,4} (.+)$/gm)].map((m) => (m[1] as string).toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-")));

  it.each(ALERTS.groups.flatMap((group) => group.rules).map((rule) => [rule.alert ?? "(unnamed)", rule.annotations?.runbook] as const))(
    "when rule %s points to a runbook, then that section of docs/operations.md exists",
    (_name, runbook) => {
      expect(runbook).toMatch(/^docs\/operations\.md#/);
      expect(anchors.has((runbook ?? "").split("#")[1] ?? "")).toBe(true);
    },
  );
});

describe("ops files against a live /metrics", () => {
  let t: TestApi;
  let families: Map<string, MetricFamily>;
  /** What a process's health listener serves on /metrics. */
  let processFamilies: Map<string, MetricFamily>;
  let health: HealthListener | undefined;

  beforeAll(async () => {
    t = await openTestApi("deploy-ops");
    // The mailer's consumer group, created as the mailer does on start; no mailer reads it, so it falls behind.
    await createEventStreamReader(t.redis, { keys: t.deps.keys, group: REPLIES_CONSUMER_GROUP, consumer: "deploy-test" }).ensureGroup();
    await t.startWorker();
    // Counters and the processing histogram count from an API process's first scrape on.
    await t.app.inject({ url: "/metrics" });
    for (const file of ["01-acme-crm-outage-urgent.eml", "14-gmail-partner-rejected.eml", "51-acme-ooo-auto-submitted.eml", "57-corrupted-unparseable.eml"]) {
      const posted = await t.app.inject({ method: "POST", url: "/v1/messages", headers: { ...bearer(t.keys.write), "content-type": "message/rfc822" }, payload: readFileSync(join(EXAMPLES_DIR, "emails", file)) });
      await waitForJob(t.app, t.keys.read, posted.json<{ jobId: string }>().jobId, 60_000);
    }
    // A ticket long past due, breached by a scan as the scheduler runs it.
    await t.deps.tickets.applyDecision(ticketDecision({ messageId: "<deploy-late@acme-partner.example>", receivedAt: "2026-01-05T08:00:00.000Z", severity: 1 }, t.deps.policy));
    await t.deps.tickets.scanSla(new Date());
    // A mailbox as a polling leader reports it (what the API's IMAP gauges read).
    const mailbox = new HealthRecorder(t.redis, pollerKeys(t.prefix), "support", "deploy-test", () => {});
    await mailbox.register(new Date());
    mailbox.lead(true);
    mailbox.state("idle");
    mailbox.polled(0, new Date());
    const exposition = await waitFor(
      "every metric family to have samples",
      async () => {
        const text = (await t.app.inject({ url: "/metrics" })).body;
        const ready =
          metricValue(text, "mailtriage_messages_total", { outcome: "failed" }) > 0 &&
          metricValue(text, "mailtriage_job_processing_seconds_count", { queue: "inbound" }) > 0 &&
          metricValue(text, "mailtriage_sla_breaches_total", { region: "EU" }) > 0 &&
          metricValue(text, "mailtriage_imap_connected", { mailbox: "support" }) === 1 &&
          metricValue(text, "mailtriage_events_group_lag", { group: REPLIES_CONSUMER_GROUP }) > 0;
        return ready ? text : undefined;
      },
      60_000,
      200,
    );
    families = parseExposition(exposition);

    // A process's own listener, as start.ts runs it with MAILTRIAGE_HEALTH_PORT (any free port here).
    health = await startTestHealthListener(t.server.url);
    const page = await fetch(`${health.address}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(page.status).toBe(200);
    processFamilies = parseExposition(await page.text());
  }, 180_000);

  afterAll(async () => {
    await health?.close();
    await t?.close();
  });

  const rules = ALERTS.groups.flatMap((group) => group.rules.map((rule) => ({ group: group.name, ...rule })));

  it("when alerts.yml is loaded, then it holds rule groups with rules", () => {
    expect(ALERTS.groups.length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThan(10);
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
  });

  it.each(rules.map((rule) => [rule.alert ?? "(unnamed)", rule] as const))("when rule %s is loaded, then it has alert, expr, for, labels.severity and annotations.summary", (_name, rule) => {
    expect(rule.alert).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(rule.expr).toEqual(expect.any(String));
    expect(rule.for).toMatch(/^\d+[smh]$/);
    expect(["critical", "warning", "info"]).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary).toEqual(expect.any(String));
  });

  it.each(rules.map((rule) => [rule.alert ?? "(unnamed)", rule] as const))("when rule %s is evaluated, then every metric and label it names is exposed", (_name, rule) => {
    const external = rule.group === "mailtriage-redis" ? new Set([...PROMETHEUS_SERIES, ...REDIS_EXPORTER_SERIES]) : PROMETHEUS_SERIES;
    expect(problemsOf(rule.expr ?? "", families, external)).toEqual([]);
  });

  it("when an expression names a metric the service does not expose, then the check reports it", () => {
    expect(problemsOf("rate(mailtriage_not_exposed_total[5m])", families)).toEqual(["mailtriage_not_exposed_total: not exposed by /metrics"]);
    expect(problemsOf("mailtriage_messages_total_bucket", families)).toEqual(["mailtriage_messages_total_bucket: not exposed by /metrics"]);
    expect(problemsOf('max by (mailbox) (mailtriage_queue_jobs{queue="inbound"})', families)).toEqual(["by/without (mailbox): no such label"]);
    expect(problemsOf('mailtriage_queue_jobs{queue="inbound", stat="waiting"}', families)).toEqual(["mailtriage_queue_jobs{stat}: no such label"]);
    expect(problemsOf("redis_up == 0", families)).toEqual(["redis_up: not exposed by /metrics"]);
  });

  it("when the dashboard is loaded, then it has a Prometheus datasource variable that every panel and query uses", () => {
    const variable = DASHBOARD.templating.list.find((v) => v.type === "datasource");
    expect(variable).toMatchObject({ name: "datasource", query: "prometheus" });
    const panels = panelsOf(DASHBOARD.panels).filter((panel) => panel.type !== "row");
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      expect(panel.datasource, panel.title).toEqual({ type: "prometheus", uid: DATASOURCE_UID });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid ?? DATASOURCE_UID, panel.title).toBe(DATASOURCE_UID);
    }
    for (const query of DASHBOARD.templating.list.filter((v) => v.type === "query")) expect(query.datasource?.uid, query.name).toBe(DATASOURCE_UID);
  });

  it("when the dashboard's queries run, then every metric and label they name is exposed", () => {
    const problems = panelsOf(DASHBOARD.panels).flatMap((panel) => (panel.targets ?? []).flatMap((target) => problemsOf(target.expr ?? "", families).map((p) => `${panel.title}: ${p}`)));
    const variables = DASHBOARD.templating.list
      .filter((v) => v.type === "query")
      .flatMap((v) => problemsOf(variableQueryExpr(typeof v.query === "string" ? v.query : v.query.query), families).map((p) => `$${v.name}: ${p}`));
    expect([...problems, ...variables]).toEqual([]);
  });

  it("when the Processes row is drawn from a process's health port, then every metric and label it names is exposed there too", () => {
    const panels = rowPanels(PROCESSES_ROW).filter((panel) => panel.type !== "row");
    expect(panels.length).toBeGreaterThan(2);
    const problems = panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => problemsOf(target.expr ?? "", processFamilies).map((p) => `${panel.title}: ${p}`)));
    const variable = DASHBOARD.templating.list.find((v) => v.name === "process_job");
    expect(variable, "the process_job variable").toBeDefined();
    const query = variable === undefined ? "" : typeof variable.query === "string" ? variable.query : variable.query.query;
    expect([...problems, ...problemsOf(variableQueryExpr(query), processFamilies)]).toEqual([]);
    // Those panels select by the process-job variable, so health-port jobs show up beside the API's.
    for (const panel of panels) for (const target of panel.targets ?? []) expect(target.expr, panel.title).toContain('job=~"$process_job"');
  });

  it("when a process's health port serves mailtriage_* metrics, then docs/operations.md lists them, and the installation's metrics stay on the API", () => {
    const own = [...processFamilies.keys()].filter((name) => name.startsWith("mailtriage_"));
    expect(own).toEqual(["mailtriage_build_info"]);
    expect(OPERATIONS).toMatch(/^\| `mailtriage_build_info` \|/m);
  });

  it("when the service exposes a mailtriage_* metric, then docs/operations.md lists it, and lists no other", () => {
    const exposed = [...families.keys()].filter((name) => name.startsWith("mailtriage_")).sort();
    const listed = [...OPERATIONS.matchAll(/^\| `(mailtriage_[a-z0-9_]+)` \|/gm)].map((m) => m[1] as string).sort();
    expect(listed).toEqual(exposed);
  });

  it("when docs/operations.md names an API route, then the app serves it", async () => {
    const doc = (await t.app.inject({ url: "/docs/json", headers: bearer(t.keys.read) })).json<{ paths: Record<string, Record<string, unknown>> }>();
    const served = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "{}")}`)));
    const named = [...OPERATIONS.matchAll(/\b(GET|POST|PUT|DELETE) (\/(?:v1|health|metrics)[^\s`?)"]*)/g)].map((m) => `${m[1]} ${(m[2] as string).replace(/(?::[A-Za-z]+|<[^>]+>|\{[^}]+\})/g, "{}")}`);
    expect(named.length).toBeGreaterThan(5);
    expect([...new Set(named)].filter((route) => !served.has(route))).toEqual([]);
  });
});
