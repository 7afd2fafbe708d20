import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as sent (what the signature covers). */
  body: string;
}

/** How the receiver answers: a status, or never (`hang`, to make the sender time out). */
export type Reply = number | "hang";

/** A real HTTP receiver on 127.0.0.1 (port 0), recording every request. */
export interface WebhookReceiver {
  url(path?: string): string;
  readonly received: Received[];
  close(): Promise<void>;
}

/**
 * Starts a receiver; `reply(request, nth)` chooses each answer, `nth` counting the requests
 * to that path from 1 (default: 200 to everything).
 */
export async function startReceiver(reply: (request: Received, nth: number) => Reply = () => 200): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const perPath = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: Received = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      const nth = (perPath.get(request.path) ?? 0) + 1;
      perPath.set(request.path, nth);
      const answer = reply(request, nth);
      if (answer !== "hang") res.writeHead(answer, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
