// What the ops checks need from Prometheus text: the metric families a /metrics page exposes
// (with their types and label names), and the metric and label names a PromQL expression uses.

/** One metric family of an exposition: its type and the label names its samples carry. */
export interface MetricFamily {
  type: string;
  labels: Set<string>;
  /** Whether any sample was exposed (a labelled metric nobody set has only HELP and TYPE). */
  sampled: boolean;
}

/** Series suffixes a family of this type exposes besides its own name. */
const SUFFIXES: Record<string, readonly string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["_sum", "_count"] };

/** Families of a text exposition by name (`# TYPE` lines), with the labels of their samples. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(match[1] as string, { type: match[2] as string, labels: new Set(), sampled: false });
  for (const match of text.matchAll(/^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{([^}]*)\})? \S+/gm)) {
    const family = resolveSeries(families, match[1] as string);
    if (family === null) continue;
    family.sampled = true;
    for (const label of (match[2] ?? "").matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g)) family.labels.add(label[1] as string);
  }
  return families;
}

/** The family a series name belongs to (`x_bucket` → histogram `x`); null when none. */
export function resolveSeries(families: ReadonlyMap<string, MetricFamily>, name: string): MetricFamily | null {
  const own = families.get(name);
  if (own !== undefined) return own;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    const suffix = suffixes.find((s) => name.endsWith(s));
    const base = suffix === undefined ? undefined : families.get(name.slice(0, -suffix.length));
    if (base?.type === type) return base;
  }
  return null;
}

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "start", "end"]);
const NAME = /(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*/g;

/** Grafana template variables (`$__rate_interval`, `${datasource}`) made neutral for PromQL parsing. */
function withoutVariables(expr: string): string {
  return expr.replace(/\$\{[^}]*\}|\$\w+/g, "1m");
}

/**
 * The metric names an expression selects: identifiers that are not functions (followed by
 * `(`), keywords, label names (inside `{…}` or `by (…)`), durations or strings.
 */
export function metricNamesOf(expr: string): string[] {
  const stripped = withoutVariables(expr)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const match of stripped.matchAll(NAME)) {
    const name = match[0];
    const after = stripped.slice((match.index ?? 0) + name.length).trimStart();
    if (!KEYWORDS.has(name) && !after.startsWith("(")) names.add(name);
  }
  return [...names];
}

/** Label names used in selectors, by metric: `x{a="1", b=~"2"}` → x: [a, b]. */
export function selectorLabelsOf(expr: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of withoutVariables(expr).matchAll(/(?<![A-Za-z0-9_:.$])([A-Za-z_:][A-Za-z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const labels = [...(match[2] ?? "").replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1] as string);
    out.set(match[1] as string, [...(out.get(match[1] as string) ?? []), ...labels]);
  }
  return out;
}

/** Label names of `by (…)` / `without (…)` clauses. */
export function groupingLabelsOf(expr: string): string[] {
  return [...withoutVariables(expr).matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) => (m[1] ?? "").split(",").map((l) => l.trim()).filter((l) => l !== ""));
}

/** The metric of a Grafana variable query `label_values(metric, label)` (or a plain PromQL query). */
export function variableQueryExpr(query: string): string {
  const labelValues = /^\s*label_values\(\s*([^,)]+?)\s*(?:,[^)]*)?\)\s*$/.exec(query);
  return labelValues === null ? query : (labelValues[1] as string);
}
