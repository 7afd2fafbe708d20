import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const START = fileURLToPath(new URL("../../services/api/src/start.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One `pnpm start` process running some roles (`MAILTRIAGE_ROLES`), as an operator scales out. */
export interface RoleProcess {
  readonly roles: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Its pino log lines so far (stdout, JSON), parsed; other output is skipped. */
  logs(): Record<string, unknown>[];
  /** True once it logged a line with this `msg`. */
  logged(msg: string): boolean;
  /** Resolves with the exit code (null after a signal) once it has exited. */
  readonly exited: Promise<number | null>;
  /** SIGKILL (no shutdown: locks and jobs are left as a crash leaves them); resolves once it is gone. */
  crash(): Promise<void>;
}

/**
 * Spawns `node --import tsx services/api/src/start.ts` with `MAILTRIAGE_ROLES=roles` and `env`
 * over this process's environment. stdout (the logs) is kept for the test to read; stderr is
 * passed through, so a start-up failure shows in the test output.
 */
export function spawnRoles(roles: string, env: Record<string, string>): RoleProcess {
  const child = spawn(process.execPath, ["--import", "tsx", START], {
    cwd: ROOT,
    env: { ...process.env, ...env, MAILTRIAGE_ROLES: roles },
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${START}`);
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => void (text += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
  const logs = (): Record<string, unknown>[] =>
    text.split("\n").flatMap((line) => {
      try {
        const entry: unknown = JSON.parse(line);
        return entry !== null && typeof entry === "object" ? [entry as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  return {
    roles,
    child,
    pid: child.pid,
    logs,
    logged: (msg) => logs().some((entry) => entry.msg === msg),
    exited,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
