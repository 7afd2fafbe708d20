// Short, deterministic Markdown for the "type" and "default" columns of the configuration
// reference, from a zod schema's JSON Schema (zod v4 `toJSONSchema`, input side: what an
// operator writes) and from default values.

/** The part of JSON Schema (draft 2020-12, as zod writes it) the tables describe. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

/** What a zod schema offers the generator (structural, so this script needs no zod import). */
export interface DocumentedSchema {
  safeParse(input: unknown): { success: boolean; data?: unknown };
  toJSONSchema(params?: { io?: "input" | "output"; unrepresentable?: "any" | "throw" }): unknown;
}

/** JSON Schema of `schema` as an operator writes it (coercions and transforms show their input). */
export function inputJsonSchema(schema: DocumentedSchema): JsonSchema {
  return schema.toJSONSchema({ io: "input", unrepresentable: "any" }) as JsonSchema;
}

/** `integer 1–1000`, `` `a` | `b` ``, `string matching …`, `list of strings` (pipes escaped by `cell`). */
export function describeType(schema: JsonSchema): string {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) return alternatives.map(describeType).join(" or ");
  if (schema.enum !== undefined) return schema.enum.map((value) => code(String(value))).join(" | ");
  if (schema.const !== undefined) return code(String(schema.const));
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : schema.type;
  switch (type) {
    case "integer":
    case "number":
      return `${type}${bounds(schema)}`;
    case "string":
      return schema.pattern === undefined ? "string" : `string matching ${code(schema.pattern)}`;
    case "boolean":
      return "boolean";
    case "array":
      if (schema.prefixItems !== undefined) return `[${schema.prefixItems.map(describeType).join(", ")}]`;
      return schema.items === undefined || schema.items === false ? "list" : `list of ${plural(describeType(schema.items))}`;
    case "object":
      if (typeof schema.additionalProperties === "object" && schema.properties === undefined) {
        const key = schema.propertyNames?.pattern === undefined ? "key" : `key matching ${code(schema.propertyNames.pattern)}`;
        return `map: ${key} → ${describeType(schema.additionalProperties)}`;
      }
      return "object";
    default:
      return "any";
  }
}

/** A default (or example) value as a short cell: `` `10` ``, `` `["a","b"]` ``, `9 entries: ANZ, APAC, …`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "unset";
  const json = JSON.stringify(value);
  if (json.length <= 80) return code(json.replace(/^"(.*)"$/, "$1"));
  if (Array.isArray(value)) return value.length === 1 ? "1 entry" : `${value.length} entries`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    const listed = keys.join(", ");
    return `${keys.length} entries: ${listed.length <= 80 ? listed : `${listed.slice(0, 77)}…`}`;
  }
  return code(`${json.slice(0, 57)}…`);
}

/** Backticks around `text`, longer runs when it holds a backtick (CommonMark code spans). */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: pipes escaped, no line breaks. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function bounds(schema: JsonSchema): string {
  const low = schema.exclusiveMinimum !== undefined ? { value: schema.exclusiveMinimum, open: true } : schema.minimum !== undefined ? { value: schema.minimum, open: false } : null;
  const high = schema.exclusiveMaximum !== undefined ? { value: schema.exclusiveMaximum, open: true } : schema.maximum !== undefined && schema.maximum < SAFE_MAX ? { value: schema.maximum, open: false } : null;
  if (low !== null && high !== null && !low.open && !high.open) return ` ${low.value}–${high.value}`;
  const parts = [low === null ? "" : ` ${low.open ? ">" : "≥"} ${low.value}`, high === null ? "" : ` ${high.open ? "<" : "≤"} ${high.value}`].filter((part) => part !== "");
  return parts.join(",");
}

function plural(type: string): string {
  return /^(string|integer|number|boolean|object)\b/.test(type) ? type.replace(/^(\w+)/, "$1s") : type;
}
