import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** One `.dockerignore` rule: a path pattern, or an exception (`!pattern`) that takes paths back. */
interface IgnoreRule {
  pattern: RegExp;
  exception: boolean;
}

/**
 * The rules of a `.dockerignore` as Docker reads them: one pattern per line relative to the
 * context root (a leading `/` means the same), `#` comments, `*` and `?` within one path
 * segment, `**` across segments, `!` for exceptions; the last matching rule wins.
 */
export function readDockerignore(text: string): IgnoreRule[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const exception = line.startsWith("!");
      const glob = (exception ? line.slice(1) : line).replace(/^\/+/, "").replace(/\/+$/, "");
      return { pattern: globToRegExp(glob), exception };
    });
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (glob.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** True when the context path `path` (relative, `/`-separated) is left out of the build context. */
export function ignoredBy(rules: readonly IgnoreRule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(path)) ignored = !rule.exception;
  return ignored;
}

/**
 * Every file of the build context rooted at `root` after its `.dockerignore` (relative paths,
 * sorted): what `COPY . .` in the Dockerfile receives. `dockerignore` replaces the file's text
 * (null: none). An ignored folder is not entered unless an exception could take something back.
 */
export function dockerContextFiles(root: string, dockerignore: string | null = readIfThere(join(root, ".dockerignore"))): string[] {
  const rules = dockerignore === null ? [] : readDockerignore(dockerignore);
  const hasExceptions = rules.some((rule) => rule.exception);
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      const ignored = ignoredBy(rules, path);
      if (entry.isDirectory()) {
        if (!ignored || hasExceptions) walk(path);
      } else if (!ignored && (entry.isFile() || entry.isSymbolicLink())) files.push(path);
    }
  };
  walk("");
  return files.sort();
}

/** Copies the build context of `root` to `dest` (created), as the daemon would receive it; returns the files copied. */
export function copyDockerContext(root: string, dest: string): string[] {
  const files = dockerContextFiles(root);
  for (const file of files) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(join(root, file), join(dest, file));
  }
  return files;
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
