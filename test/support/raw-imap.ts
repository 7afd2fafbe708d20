import { connect, type Socket } from "node:net";

/** A command's answer: untagged lines (literals inlined) and the tagged completion line. */
export interface ImapReply {
  untagged: string[];
  tagged: string;
}

/** What a test needs from an IMAP server besides the code under test; commands may be pipelined. */
export interface RawImap {
  /** Sends one command (without tag and CRLF); rejects on `NO` / `BAD` with the server's text. */
  command(text: string | Buffer): Promise<ImapReply>;
  /** CREATE; an existing mailbox is fine. */
  create(mailbox: string): Promise<void>;
  /** DELETE (its messages go with it; a later CREATE gets a new UIDVALIDITY). */
  delete(mailbox: string): Promise<void>;
  /** APPENDs with LITERAL+ (no round trip per message), all pipelined; returns the UIDs (UIDPLUS). */
  appendMany(mailbox: string, messages: readonly { raw: Uint8Array; internalDate: Date; flags?: string[] }[]): Promise<number[]>;
  /** SELECT: UIDVALIDITY, UIDNEXT and message count. */
  select(mailbox: string): Promise<{ uidValidity: string; uidNext: number; exists: number }>;
  /** `UID SEARCH <criteria>` in the selected mailbox (e.g. `UNSEEN`, `ALL`). */
  uidSearch(criteria: string): Promise<number[]>;
  logout(): Promise<void>;
  destroy(): void;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 3501 `date-time` in UTC: `"20-Nov-2026 20:00:07 +0000"` (seconds: IMAP has no finer internal date). */
export function imapDateTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `"${pad(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000"`;
}

/** A quoted IMAP string. */
export function quoted(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * Connects, reads the greeting and, with a user, logs in. A deliberately small client for test
 * set-up and checks (the code under test uses imapflow): no TLS, no IDLE, replies parsed line by
 * line with `{n}` literals read as bytes.
 */
export async function connectRawImap(server: { host: string; port: number }, user: string | null, password: string | null, timeoutMs = 10_000): Promise<RawImap> {
  const socket = connect({ host: server.host, port: server.port });
  socket.setTimeout(timeoutMs);
  const client = new Client(socket);
  await client.greeting;
  socket.setTimeout(0);
  if (user !== null) await client.command(`LOGIN ${quoted(user)} ${quoted(password ?? "")}`);
  return client;
}

interface Pending {
  tag: string;
  untagged: string[];
  resolve(reply: ImapReply): void;
  reject(err: Error): void;
}

class Client implements RawImap {
  readonly greeting: Promise<void>;
  #buffer: Buffer = Buffer.alloc(0);
  #line: Buffer[] = [];
  #literal = 0;
  #pending: Pending[] = [];
  #next = 0;
  #greeted!: (err?: Error) => void;

  constructor(private readonly socket: Socket) {
    this.greeting = new Promise((resolve, reject) => (this.#greeted = (err) => (err ? reject(err) : resolve())));
    socket.on("data", (chunk: Buffer) => this.#read(chunk));
    const fail = (err: Error): void => {
      this.#greeted(err);
      for (const p of this.#pending.splice(0)) p.reject(err);
    };
    socket.on("error", fail);
    socket.on("timeout", () => socket.destroy(new Error("IMAP timeout")));
    socket.on("close", () => fail(new Error("IMAP connection closed")));
  }

  command(text: string | Buffer): Promise<ImapReply> {
    const tag = `T${++this.#next}`;
    return new Promise((resolve, reject) => {
      this.#pending.push({ tag, untagged: [], resolve, reject });
      this.socket.write(Buffer.concat([Buffer.from(`${tag} `), typeof text === "string" ? Buffer.from(text) : text, Buffer.from("\r\n")]));
    });
  }

  async create(mailbox: string): Promise<void> {
    await this.command(`CREATE ${quoted(mailbox)}`).catch((err: Error) => {
      if (!/ALREADYEXISTS|already exists/i.test(err.message)) throw err;
    });
  }

  async delete(mailbox: string): Promise<void> {
    await this.command(`DELETE ${quoted(mailbox)}`);
  }

  async appendMany(mailbox: string, messages: readonly { raw: Uint8Array; internalDate: Date; flags?: string[] }[]): Promise<number[]> {
    const replies = messages.map((m) =>
      this.command(Buffer.concat([Buffer.from(`APPEND ${quoted(mailbox)} (${(m.flags ?? []).join(" ")}) ${imapDateTime(m.internalDate)} {${m.raw.byteLength}+}\r\n`), Buffer.from(m.raw)])),
    );
    return (await Promise.all(replies)).map((r) => Number(/APPENDUID \d+ (\d+)/.exec(r.tagged)?.[1] ?? Number.NaN));
  }

  async select(mailbox: string): Promise<{ uidValidity: string; uidNext: number; exists: number }> {
    const reply = await this.command(`SELECT ${quoted(mailbox)}`);
    const find = (re: RegExp): string => reply.untagged.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined) ?? "";
    return { uidValidity: find(/UIDVALIDITY (\d+)/), uidNext: Number(find(/UIDNEXT (\d+)/)), exists: Number(find(/^\* (\d+) EXISTS/)) };
  }

  async uidSearch(criteria: string): Promise<number[]> {
    const reply = await this.command(`UID SEARCH ${criteria}`);
    const line = reply.untagged.find((l) => l.startsWith("* SEARCH")) ?? "* SEARCH";
    return line.slice("* SEARCH".length).trim().split(" ").filter(Boolean).map(Number);
  }

  async logout(): Promise<void> {
    await this.command("LOGOUT").catch(() => {});
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#literal > 0) {
        if (this.#buffer.length < this.#literal) return;
        this.#line.push(this.#buffer.subarray(0, this.#literal));
        this.#buffer = this.#buffer.subarray(this.#literal);
        this.#literal = 0;
      }
      const end = this.#buffer.indexOf("\r\n");
      if (end === -1) return;
      const part = this.#buffer.subarray(0, end);
      this.#buffer = this.#buffer.subarray(end + 2);
      this.#line.push(part);
      const literal = /\{(\d+)\}$/.exec(part.toString("latin1"));
      if (literal) {
        this.#literal = Number(literal[1]);
        continue;
      }
      this.#complete(Buffer.concat(this.#line).toString("utf8"));
      this.#line = [];
    }
  }

  #complete(line: string): void {
    if (this.#next === 0 && line.startsWith("* ")) {
      if (/^\* (OK|PREAUTH)/.test(line)) this.#greeted();
      else this.#greeted(new Error(`IMAP greeting: ${line}`));
      return;
    }
    const current = this.#pending[0];
    if (line.startsWith("* ") || line.startsWith("+ ")) {
      current?.untagged.push(line);
      return;
    }
    const tag = line.slice(0, line.indexOf(" "));
    const index = this.#pending.findIndex((p) => p.tag === tag);
    if (index === -1) return;
    const [done] = this.#pending.splice(index, 1);
    if (done === undefined) return;
    if (/^\S+ OK/.test(line)) done.resolve({ untagged: done.untagged, tagged: line });
    else done.reject(new Error(`IMAP ${line}`));
  }
}
