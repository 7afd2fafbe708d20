import { ImapFlow } from "imapflow";

/** Where to APPEND: an IMAP account and folder (a plain-password login; the demo mailbox of docker-compose.yml). */
export interface SeedTarget {
  host: string;
  port: number;
  /** Implicit TLS (IMAPS). */
  tls: boolean;
  user: string;
  password: string;
  /** Folder to fill; created when missing. */
  mailbox: string;
}

/** One message to APPEND: its raw bytes and a name for messages (the file name). */
export interface SeedMessage {
  name: string;
  raw: Buffer;
}

/** What `seedFolder` did. */
export interface SeedReport {
  /** Messages appended (all of them, or none when the folder held mail already). */
  appended: number;
  /** Messages the folder held before: when above 0, nothing was appended. */
  existing: number;
}

/**
 * Fills an empty folder with `messages`, in order (their UIDs follow it, so a follow-up comes
 * after its parent, as in examples/; internal date: now, so the demo's SLA clocks start when it
 * is seeded). A folder that already holds mail is left as it is: running it twice (a second
 * `docker compose up`) adds nothing, and the examples' deliberate duplicates still arrive once each.
 * @throws the IMAP error (connection, login, APPEND refused).
 */
export async function seedFolder(target: SeedTarget, messages: readonly SeedMessage[]): Promise<SeedReport> {
  const client = new ImapFlow({ host: target.host, port: target.port, secure: target.tls, auth: { user: target.user, pass: target.password }, logger: false });
  // Without a listener, an 'error' event (a dropped socket) would end the process with a stack.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    client.close(); // a refused login leaves the socket open otherwise
    throw err;
  }
  try {
    if (target.mailbox.toUpperCase() !== "INBOX") await client.mailboxCreate(target.mailbox);
    const status = await client.status(target.mailbox, { messages: true });
    if (status === false) throw new Error(`${target.mailbox}: STATUS refused`);
    const existing = status.messages ?? 0;
    if (existing > 0) return { appended: 0, existing };
    for (const message of messages) {
      const appended = await client.append(target.mailbox, message.raw);
      if (appended === false) throw new Error(`${message.name}: APPEND refused`);
    }
    return { appended: messages.length, existing: 0 };
  } finally {
    await client.logout();
  }
}
