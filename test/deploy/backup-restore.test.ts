// The backup and restore procedure of docs/operations.md, run for real: `pnpm start` roles on a
// private Redis with AOF, an RDB snapshot taken with BGSAVE while a message waits in the queue,
// then the snapshot restored into a fresh Redis (AOF off for the first start, then on). What the
// guide promises a restore means is what the service then does.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uniquePrefix } from "../../packages/store/test/support/redis";
import { waitFor } from "../../services/worker/test/support/wait-for";
import { EXAMPLES_DIR } from "../support/examples";
import { freePort } from "../support/free-port";
import { spawnRoles, type RoleProcess } from "../support/role-process";
import { startRedisInstance, type RedisInstance } from "./support/redis-instance";

const BOOTSTRAP_KEY = `mt_deploy_backup_${"0".repeat(32)}`;
const email = (file: string): Buffer => readFileSync(join(EXAMPLES_DIR, "emails", file));

/** One installation's processes against one Redis: an API on a port of its own and a worker with the SLA scheduler. */
class Installation {
  readonly processes: RoleProcess[] = [];
  constructor(
    readonly redisUrl: string,
    readonly prefix: string,
    readonly apiUrl: string,
  ) {}

  static async start(redisUrl: string, prefix: string): Promise<Installation> {
    const port = await freePort();
    const installation = new Installation(redisUrl, prefix, `http://127.0.0.1:${port}`);
    installation.processes.push(spawnRoles("api", { ...installation.env, PORT: String(port), MAILTRIAGE_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY }));
    await waitFor("the API to listen", async () => (await fetch(`${installation.apiUrl}/health/live`).catch(() => null))?.ok === true, 120_000, 200);
    return installation;
  }

  get env(): Record<string, string> {
    return { REDIS_URL: this.redisUrl, MAILTRIAGE_REDIS_PREFIX: this.prefix, LOG_LEVEL: "warn", MAILTRIAGE_PARTNERS_FILE: join(EXAMPLES_DIR, "partners.json"), MAILTRIAGE_ACCOUNTS_FILE: join(EXAMPLES_DIR, "accounts.json") };
  }

  async startWorker(): Promise<RoleProcess> {
    const worker = spawnRoles("worker,scheduler", this.env);
    this.processes.push(worker);
    let last = "";
    await waitFor("the installation to be ready", async () => {
      const response = await fetch(`${this.apiUrl}/health/ready`);
      last = await response.text();
      return response.status === 200;
    }, 120_000, 200).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${last}; worker log: ${JSON.stringify(worker.logs().slice(-3))}`);
    });
    return worker;
  }

  async request(method: string, path: string, key: string, body?: Buffer | object): Promise<{ status: number; json: Record<string, unknown> }> {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (body !== undefined) headers["content-type"] = Buffer.isBuffer(body) ? "message/rfc822" : "application/json";
    const response = await fetch(`${this.apiUrl}${path}`, { method, headers, ...(body !== undefined && { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Polls the job until it finished; returns its view (`state`, `ticketId`). */
  async finishedJob(jobId: string, key: string): Promise<Record<string, unknown>> {
    return waitFor(`job ${jobId} to finish`, async () => {
      const { status, json } = await this.request("GET", `/v1/jobs/${jobId}`, key);
      return status === 200 && (json.state === "completed" || json.state === "failed") ? json : undefined;
    }, 60_000, 100);
  }

  /** SIGTERM to every process (the documented shutdown), then waits for them. */
  async stop(): Promise<void> {
    for (const p of this.processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
    await Promise.all(this.processes.map((p) => p.exited));
  }
}

/** docs/operations.md "Backing up": BGSAVE, wait for LASTSAVE to move, check the status, copy the file. */
async function backUpRdb(redis: RedisInstance, target: string): Promise<void> {
  const before = await redis.client.lastsave();
  await redis.client.bgsave();
  await waitFor("the snapshot", async () => (await redis.client.lastsave()) !== before, 30_000, 100);
  expect(await redis.persistence("rdb_last_bgsave_status")).toBe("ok");
  const [, dir] = (await redis.client.config("GET", "dir")) as string[];
  const [, file] = (await redis.client.config("GET", "dbfilename")) as string[];
  copyFileSync(join(dir as string, file as string), target);
}

describe("backup and restore (docs/operations.md)", () => {
  const root = mkdtempSync(join(tmpdir(), "mt-backup-"));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it("when an RDB snapshot is restored into a fresh Redis, then tickets and keys are back, a job queued at the snapshot runs, and a message posted after it must be sent again", async () => {
    const prefix = uniquePrefix("deploy-backup");
    const dirA = join(root, "a");
    const dirB = join(root, "b");
    for (const dir of [dirA, dirB]) mkdirSync(dir);

    // Before: an installation on a Redis with AOF, as production runs it.
    const a = await startRedisInstance(dirA, { appendonly: "yes", appendfsync: "everysec" });
    cleanups.push(() => a.stop());
    const before = await Installation.start(a.url, prefix);
    cleanups.push(() => before.stop());
    const worker = await before.startWorker();
    const created = await before.request("POST", "/v1/api-keys", BOOTSTRAP_KEY, { name: "ops", scopes: ["read", "write"] });
    expect(created.status).toBe(201);
    const key = created.json.key as string;

    const ticketed = await before.request("POST", "/v1/messages", key, email("01-acme-crm-outage-urgent.eml"));
    const firstTicket = (await before.finishedJob(ticketed.json.jobId as string, key)).ticketId as string;
    expect(firstTicket).toMatch(/^MT-/);

    // No worker: the next message waits in the queue when the snapshot is taken.
    worker.child.kill("SIGTERM");
    await worker.exited;
    const waiting = await before.request("POST", "/v1/messages", key, email("17-solnube-login-critico.eml"));
    expect((await before.request("GET", `/v1/jobs/${waiting.json.jobId as string}`, key)).json.state).toBe("waiting");

    const backup = join(root, "backup.rdb");
    await backUpRdb(a, backup);
    const late = await before.request("POST", "/v1/messages", key, email("25-nuvemtec-sistema-fora-do-ar.eml"));
    expect(late.status).toBe(202);
    await before.stop();
    await a.stop();

    // Restore: the snapshot into a fresh Redis with AOF off for the first start, then AOF on.
    copyFileSync(backup, join(dirB, "dump.rdb"));
    const b = await startRedisInstance(dirB, { appendonly: "no" });
    cleanups.push(() => b.stop());
    await b.client.config("SET", "appendonly", "yes");
    await waitFor("AOF to be written", async () => (await b.persistence("aof_enabled")) === "1" && (await b.persistence("aof_rewrite_in_progress")) === "0", 30_000, 100);

    const after = await Installation.start(b.url, prefix);
    cleanups.push(() => after.stop());
    // The API key made before the snapshot works; the ticket is there.
    expect((await after.request("GET", `/v1/tickets/${firstTicket}`, key)).status).toBe(200);
    // The message posted after the snapshot is unknown until it is sent again.
    expect((await after.request("GET", `/v1/jobs/${late.json.jobId as string}`, key)).status).toBe(404);

    await after.startWorker();
    // The job that waited at the snapshot runs now.
    const queued = await after.finishedJob(waiting.json.jobId as string, key);
    expect(queued).toMatchObject({ state: "completed", ticketId: expect.stringMatching(/^MT-/) });
    // Sent again: the same job id, new to the restored store, triaged.
    const resent = await after.request("POST", "/v1/messages", key, email("25-nuvemtec-sistema-fora-do-ar.eml"));
    expect(resent.json).toEqual({ jobId: late.json.jobId, duplicate: false });
    const resentJob = await after.finishedJob(resent.json.jobId as string, key);
    expect(resentJob).toMatchObject({ state: "completed", ticketId: expect.stringMatching(/^MT-/) });
    // Three tickets, one per message: nothing was triaged twice.
    const tickets = await after.request("GET", "/v1/tickets?limit=10", key);
    expect((tickets.json.items as { ticketId: string }[]).map((t) => t.ticketId).sort()).toEqual([firstTicket, queued.ticketId, resentJob.ticketId].sort());
  }, 240_000);
});
