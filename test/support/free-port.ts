import { createServer } from "node:net";

/**
 * A TCP port free on 127.0.0.1 right now (the kernel picks it; the probe is closed at once).
 * Another process could take it before the caller binds it: fine for test servers.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
