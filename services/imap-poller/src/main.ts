/**
 * `tsx services/imap-poller/src/main.ts`: polls the configured IMAP mailboxes into the inbound
 * queue (see poller-env.ts and mailbox-config.ts for every setting). SIGTERM/SIGINT: the batch
 * in flight finishes, each mailbox logs out and releases its leader lock, exit 0.
 */
import { readFileSync } from "node:fs";
import { runService } from "@mailtriage/worker";
import { parsePollerEnv } from "./poller-env";
import { startPoller } from "./start-poller";

runService("imap-poller", () => startPoller(parsePollerEnv(process.env, (path) => readFileSync(path, "utf8"))));
