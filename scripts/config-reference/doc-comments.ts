// Reads the `/** … */` comments written next to the keys of a zod schema in its source file.
// The comments are the documentation of every setting (STYLE.md: "every key documented where
// declared"), but zod never sees them at run time, so the generator reads the source text.
import { readFileSync } from "node:fs";
import ts from "typescript";

/** Path segment standing for any key of a `z.record(…)`. */
export const ANY_KEY = "*";
/** Path segment standing for any item of a `z.array(…)`. */
export const ANY_ITEM = "[]";

/** Zod calls whose first argument is an object literal of keys. */
const OBJECT_CALLS = new Set(["object", "strictObject", "looseObject", "extend"]);

/**
 * The doc comment of every key reachable from the top-level constant `root` of `file`, by key
 * path (`limits.maxMessageBytes`, `regions.*.timezone`, `products[].name`). Follows object
 * literals, spreads, `z.object`/`z.strictObject`/`.extend`, `z.record` values, `z.array` items,
 * method chains (`.superRefine`, `.default` …) and constants of the same file; an imported
 * schema contributes nothing (read its own file).
 */
export function readDocComments(file: string, root: string): Map<string, string> {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const constants = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer !== undefined) constants.set(declaration.name.text, declaration.initializer);
    }
  }
  const start = constants.get(root);
  if (start === undefined) throw new Error(`${file}: no top-level constant "${root}"`);
  const comments = new Map<string, string>();
  const visiting = new Set<string>();

  const walk = (node: ts.Expression, path: readonly string[]): void => {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) return walk(node.expression, path);
    if (ts.isIdentifier(node)) {
      const target = constants.get(node.text);
      if (target === undefined || visiting.has(node.text)) return;
      visiting.add(node.text);
      walk(target, path);
      visiting.delete(node.text);
      return;
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isSpreadAssignment(property)) walk(property.expression, path);
        if (!ts.isPropertyAssignment(property)) continue;
        const key = propertyName(property.name);
        if (key === null) continue;
        const comment = docCommentOf(property, text);
        if (comment !== null) comments.set(joinPath([...path, key]), comment);
        walk(property.initializer, [...path, key]);
      }
      return;
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
      const [first, second] = node.arguments;
      if (OBJECT_CALLS.has(method) && first !== undefined) walk(first, path);
      else if (method === "record" && second !== undefined) walk(second, [...path, ANY_KEY]);
      else if (method === "array" && first !== undefined) walk(first, [...path, ANY_ITEM]);
      // The receiver of a chain: `z.strictObject({…}).superRefine(…)`, `Base.extend({…})`, `z.array(X).min(1)`.
      if (ts.isPropertyAccessExpression(callee)) walk(callee.expression, path);
    }
  };
  walk(start, []);
  return comments;
}

/** `a.b`, `a.*.c`, `a[].b`: the notation of the generated tables. */
export function joinPath(segments: readonly string[]): string {
  return segments.reduce((out, segment) => (out === "" ? segment : segment === ANY_ITEM ? `${out}${segment}` : `${out}.${segment}`), "");
}

function propertyName(name: ts.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return null;
}

/** The last `/** … *\/` comment right before `node` (same line or lines above), as one line of Markdown-ready text. */
function docCommentOf(node: ts.Node, text: string): string | null {
  // Not ts.getLeadingCommentRanges: it skips a comment on the line of the previous token (`{ /** x */ key: … }`).
  const trivia = text.slice(node.getFullStart(), node.getStart());
  const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(trivia);
  if (doc === null) return null;
  const body = (doc[1] ?? "")
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, "").trim())
    .filter((line) => line !== "")
    .join(" ");
  return body === "" ? null : body;
}
