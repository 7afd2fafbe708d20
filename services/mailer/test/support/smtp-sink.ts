import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message the sink accepted. */
export interface Received {
  to: string[];
  parsed: ParsedMail;
  /** Header value (lower-cased name), as a string; "" when absent. */
  header(name: string): string;
}

/** A real SMTP server on loopback that keeps what it receives. */
export interface SmtpSink {
  port: number;
  messages: Received[];
  /** Called for every accepted message (the "robot that answers every reply"). */
  onMessage: ((message: Received) => void) | null;
  stop(): Promise<void>;
}

export const SMTP_USER = "mailer";
export const SMTP_PASSWORD = "sink-password-1";

/** Starts `smtp-server` on 127.0.0.1 (`port` 0: any free port); AUTH PLAIN/LOGIN with SMTP_USER/SMTP_PASSWORD is required. */
export async function startSmtpSink(port = 0, messages: Received[] = []): Promise<SmtpSink> {
  const sink: SmtpSink = { port, messages, onMessage: null, stop: async () => {} };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error("invalid credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            const message: Received = {
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              parsed,
              header: (name) => {
                const value = parsed.headers.get(name);
                return value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
              },
            };
            messages.push(message);
            sink.onMessage?.(message);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  sink.port = typeof address === "object" && address !== null ? address.port : port;
  sink.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
