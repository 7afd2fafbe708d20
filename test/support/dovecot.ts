import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";
import { connectRawImap, type RawImap } from "./raw-imap";

/** A Dovecot user created for one test: log in with these. */
export interface DovecotUser {
  user: string;
  password: string;
}

/** A Dovecot of its own (one per test file), on a free loopback port, plain text, no TLS. */
export interface TestDovecot {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The temp folder holding config, runtime files, logs and every user's maildir. */
  readonly dir: string;
  /** A fresh user (its own passwd-file, read at its first login): tests never share or clean mailboxes. */
  addUser(label: string): DovecotUser;
  /** A small IMAP session (LOGIN done) for APPEND, CREATE, DELETE, SELECT; see raw-imap.ts. */
  session(user: DovecotUser): Promise<RawImap>;
  /** APPENDs `messages` to `mailbox` (created when missing) with their internal dates, pipelined; returns their UIDs. */
  append(user: DovecotUser, mailbox: string, messages: readonly { raw: Uint8Array; internalDate: Date; flags?: string[] }[]): Promise<number[]>;
  /** Stops the server (SIGTERM; Dovecot takes about a second). Sessions drop. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same users and mail. */
  start(): Promise<void>;
  readonly running: boolean;
  /**
   * SIGSTOPs every IMAP session process of this server (logins keep working): their clients'
   * sockets stay open and get no answer, like a silently dead connection. Returns the resume.
   */
  freezeSessions(): () => void;
  /** Stops it and deletes the temp folder. */
  close(): Promise<void>;
}

const BINARIES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];

/**
 * Starts Dovecot (Debian's `dovecot-imapd`) as a child process from a config written to a temp
 * folder: listening on 127.0.0.1 at a free port, no TLS, plain passwords from a passwd-file,
 * maildir storage in the temp folder, and every runtime path (base_dir, state, logs) inside it so
 * several run at once. Greets within ~35 ms, stops in ~1 s: start one per test file.
 *
 * As root, mail is owned by `nobody:nogroup` (Dovecot 2.3 refuses to deliver as root); otherwise
 * by the current user. Throws when Dovecot is not installed (`.ci/run` installs it).
 */
export async function startDovecot(): Promise<TestDovecot> {
  const binary = BINARIES.find((path) => existsSync(path));
  if (binary === undefined) throw new Error("dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it)");
  const dir = mkdtempSync(join(tmpdir(), "mt-dovecot-"));
  chmodSync(dir, 0o755); // the mail user (nobody) must traverse it
  const port = await freePort();
  const mail = join(dir, "mail");
  mkdirSync(mail);
  mkdirSync(join(dir, "run"));
  const passwd = join(dir, "users");
  mkdirSync(passwd);
  const account = mailAccount();
  if (account.chown) chownSync(mail, account.uid, account.gid);
  const config = join(dir, "dovecot.conf");
  writeFileSync(config, dovecotConfig({ dir, port, passwd, mail, account }));

  let child: ChildProcess | null = null;
  const killOnExit = (): void => void child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const start = async (): Promise<void> => {
    const proc = spawn(binary, ["-F", "-c", config], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child = proc;
    const deadline = Date.now() + 10_000;
    while (!(await greets(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill("SIGKILL");
        throw new Error(`dovecot did not start on 127.0.0.1:${port}: ${stderr.trim() || `see ${join(dir, "dovecot.log")}`}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    // Dovecot lets established IMAP sessions outlive the master for a while; a stopped server
    // must drop its clients, so its own child processes (found by parent pid) go too.
    const children = proc.pid === undefined ? [] : childPids(proc.pid);
    proc.kill("SIGTERM");
    for (const pid of children) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    host: "127.0.0.1",
    port,
    dir,
    addUser(label) {
      const user = `${label.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 40)}-${randomBytes(4).toString("hex")}`;
      const password = randomBytes(9).toString("base64url");
      // One passwd-file per user: Dovecot re-checks a changed file at most once a second, so a
      // user added to a shared file right after a login could stay unknown for that second.
      writeFileSync(join(passwd, user), `${user}:{PLAIN}${password}::::::\n`);
      return { user, password };
    },
    session: (user) => connectRawImap({ host: "127.0.0.1", port }, user.user, user.password),
    async append(user, mailbox, messages) {
      const imap = await connectRawImap({ host: "127.0.0.1", port }, user.user, user.password);
      try {
        await imap.create(mailbox);
        return await imap.appendMany(mailbox, messages);
      } finally {
        await imap.logout();
      }
    },
    stop,
    start,
    freezeSessions() {
      const sessions = child?.pid === undefined ? [] : childPids(child.pid).filter((pid) => processName(pid) === "imap");
      for (const pid of sessions) process.kill(pid, "SIGSTOP");
      return () => {
        for (const pid of sessions) {
          try {
            process.kill(pid, "SIGCONT");
          } catch {
            // gone
          }
        }
      };
    },
    get running() {
      return child !== null && child.exitCode === null;
    },
    async close() {
      await stop();
      process.removeListener("exit", killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface MailAccount {
  user: string;
  group: string;
  uid: number;
  gid: number;
  /** Root runs mail as nobody, so the mail folder must be handed over. */
  chown: boolean;
}

function mailAccount(): MailAccount {
  const me = userInfo();
  if (me.uid !== 0) return { user: me.username, group: groupName(me.gid) ?? me.username, uid: me.uid, gid: me.gid, chown: false };
  const id = (flag: string, name: string): number => Number(spawnSync("id", [flag, name], { encoding: "utf8" }).stdout.trim() || "65534");
  return { user: "nobody", group: groupName(id("-g", "nobody")) ?? "nogroup", uid: id("-u", "nobody"), gid: id("-g", "nobody"), chown: true };
}

function groupName(gid: number): string | null {
  const out = spawnSync("getent", ["group", String(gid)], { encoding: "utf8" }).stdout;
  return out.split(":")[0] || null;
}

function dovecotConfig(o: { dir: string; port: number; passwd: string; mail: string; account: MailAccount }): string {
  const root = userInfo().uid === 0;
  return `# written by test/support/dovecot.ts
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
log_path = ${o.dir}/dovecot.log
info_log_path = ${o.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
# No auth penalty for the loopback test clients (wrong-password tests would slow the rest).
login_trusted_networks = 127.0.0.0/8
# Dovecot refuses mail users below first_valid_uid; nobody (65534) and ordinary users pass.
first_valid_uid = 1
first_valid_gid = 1
${root ? "" : `default_internal_user = ${o.account.user}\ndefault_internal_group = ${o.account.group}\ndefault_login_user = ${o.account.user}\n`}mail_location = maildir:~/Maildir
mail_fsync = never
mail_max_userip_connections = 200
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${o.passwd}/%u
}
userdb {
  driver = static
  args = uid=${o.account.uid} gid=${o.account.gid} home=${o.mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    port = 0
  }${root ? "" : "\n  chroot =\n  user = $default_login_user"}
}${root ? "" : "\nservice anvil {\n  chroot =\n}\nservice imap {\n  user = $default_internal_user\n}"}
`;
}

/** Pids whose parent is `parent` (Linux /proc; elsewhere none, and clients survive a stop). */
function childPids(parent: number): number[] {
  if (!existsSync("/proc")) return [];
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      // stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      return ppid === parent ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

function processName(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
  } catch {
    return "";
  }
}

/** True once something on `port` sends an IMAP greeting. */
async function greets(port: number): Promise<boolean> {
  try {
    const imap = await connectRawImap({ host: "127.0.0.1", port }, null, null, 1_000);
    imap.destroy();
    return true;
  } catch {
    return false;
  }
}
