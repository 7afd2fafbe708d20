import type { Intake, TicketStore } from "@mailtriage/store";
import { ImapFlow } from "imapflow";
import type { Logger } from "pino";
import type { CursorStore } from "./cursor-store";
import type { HealthRecorder } from "./health-recorder";
import { ingestBatch } from "./ingest-batch";
import type { ResolvedMailbox } from "./mailbox-config";
import { planFetch, type MailboxStatus } from "./plan-fetch";
import { uidBatches } from "./uid-ranges";

/** What one connection to one mailbox needs. */
export interface SessionDeps {
  box: ResolvedMailbox;
  intake: Intake;
  tickets: TicketStore;
  cursors: CursorStore;
  health: HealthRecorder;
  logger: Logger;
  /** Leader lock token: fences cursor writes. */
  token: string;
  /** Graceful stop: the batch in flight finishes, then LOGOUT. */
  stop: AbortSignal;
  /** Immediate stop (leadership lost): the connection is dropped mid-batch. */
  kill: AbortSignal;
  /** Called once the mailbox is open (the reconnect backoff starts over). */
  onConnected(): void;
}

/**
 * One IMAP connection to one mailbox, until `stop` (returns) or a failure (throws; the caller
 * reconnects with backoff): connect, create the target folders, SELECT, then loop — drain
 * (SELECT → `planFetch` → batches, cursor saved after each) and wait for a change (IDLE
 * `EXISTS`, or the re-check timer). The timer also runs under IDLE: a silently dead IDLE cannot
 * stall ingestion, since the next SELECT either answers or times out and the session is replaced.
 */
export async function runSession(deps: SessionDeps): Promise<void> {
  const { box, logger, health } = deps;
  const client = new ImapFlow({
    host: box.host,
    port: box.port,
    secure: box.tls,
    auth: box.password !== undefined ? { user: box.user, pass: box.password } : { user: box.user, accessToken: box.accessToken },
    logger: false,
    // IDLE is started and broken by this loop, not on imapflow's inactivity timer.
    disableAutoIdle: true,
    connectionTimeout: box.commandTimeoutMs,
    greetingTimeout: box.commandTimeoutMs,
    // A command with no reply for this long fails the connection (imapflow NOOPs an idle socket instead).
    socketTimeout: box.commandTimeoutMs,
  });
  let wake: (() => void) | null = null;
  let changed = false;
  let closed = false;
  const poke = (): void => {
    wake?.();
  };
  // Without an error listener, imapflow's error event (failed login, socket timeout) would kill the process.
  client.on("error", (err: Error) => logger.warn({ err: err.message }, "imap connection error"));
  client.on("close", () => {
    closed = true;
    poke();
  });
  client.on("exists", () => {
    changed = true;
    poke();
  });
  const onKill = (): void => client.close();
  deps.kill.addEventListener("abort", onKill);
  deps.stop.addEventListener("abort", poke);
  const timed = <T>(what: string, promise: Promise<T>): Promise<T> => withTimeout(promise, box.commandTimeoutMs, what, () => client.close());

  try {
    health.state("connecting");
    await timed("connect", client.connect());
    for (const folder of [box.unprocessableFolder, ...(box.onProcessed === "move" && box.processedFolder !== undefined ? [box.processedFolder] : [])]) {
      await timed(`create ${folder}`, client.mailboxCreate(folder)); // resolves with created: false when it exists
    }
    const opened = await timed("select", client.mailboxOpen(box.mailbox));
    health.state("connected");
    deps.onConnected();
    logger.info({ uidValidity: String(opened.uidValidity), exists: opened.exists }, "mailbox open");

    while (!deps.stop.aborted) {
      changed = false;
      // A fresh SELECT, not NOOP + STATUS: a session whose mailbox was deleted and recreated
      // keeps answering STATUS from the old one (Dovecot 2.3 does), and would never see new mail.
      const mailbox = await timed("select", client.mailboxOpen(box.mailbox));
      const current: MailboxStatus = { uidValidity: String(mailbox.uidValidity), uidNext: mailbox.uidNext, exists: mailbox.exists };
      const saved = await deps.cursors.read(box.id);
      const plan = planFetch(saved, current, box.startAt);
      if (plan.rescan) logger.warn({ was: saved?.uidValidity, now: current.uidValidity }, "UIDVALIDITY changed: re-scanning the mailbox (Message-ID idempotency keeps it from ticketing twice)");
      if (plan.kind === "up_to_date") {
        if (saved === null || saved.uidValidity !== plan.cursor.uidValidity || saved.nextUid !== plan.cursor.nextUid) await deps.cursors.save(box.id, plan.cursor, deps.token);
        health.polled(0, new Date());
        if (!changed) await waitForChange();
        continue;
      }
      health.polled(plan.toUid - plan.fromUid + 1, new Date());
      for (const range of uidBatches(plan.fromUid, plan.toUid, box.batchSize)) {
        const result = await ingestBatch(client, range, deps);
        await deps.cursors.save(box.id, { uidValidity: current.uidValidity, nextUid: range.to + 1 }, deps.token);
        health.counted(result.queued, result.tooLarge);
        if (result.queued + result.tooLarge > 0) logger.info({ uids: `${range.from}:${range.to}`, ...result }, "batch ingested");
        if (deps.stop.aborted || deps.kill.aborted) break;
      }
    }
    await timed("logout", client.logout());
  } finally {
    deps.kill.removeEventListener("abort", onKill);
    deps.stop.removeEventListener("abort", poke);
    if (!client.isClosed) client.close();
  }

  async function waitForChange(): Promise<void> {
    if (closed) throw new Error("connection closed by the server");
    const useIdle = box.idle && client.capabilities.has("IDLE");
    health.state(useIdle ? "idle" : "connected");
    // Not awaited: IDLE runs until the next command (the SELECT of the next drain) breaks it.
    if (useIdle) client.idle().catch((err: Error) => logger.debug({ err: err.message }, "idle ended"));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, box.pollIntervalMs);
      wake = done;
      if (changed || closed || deps.stop.aborted) done();
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
    });
    if (closed && !deps.stop.aborted) throw new Error("connection closed by the server");
  }
}

/** Rejects after `ms` (and calls `onTimeout`, which drops the connection so the hung command settles too). */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(Object.assign(new Error(`IMAP ${what} took longer than ${ms} ms`), { code: "ETIMEOUT" }));
    }, ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
