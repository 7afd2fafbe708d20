/* global process, fetch, console, AbortSignal */
// The image's HEALTHCHECK, for a container of any role: asks this process's health listener
// (`MAILTRIAGE_HEALTH_PORT` on `HOST`; services/api/src/roles/health-listener.ts) whether Redis
// answers and every role it runs can work. Exit 0 when ready; 1 otherwise, with the reasons on
// stdout (`docker inspect` shows them). Plain Node, no tsx: it runs every 30 s and must be cheap.
const port = process.env.MAILTRIAGE_HEALTH_PORT;
if (!port) {
  console.log("MAILTRIAGE_HEALTH_PORT is not set: this process has no health listener");
  process.exit(1);
}
// A wildcard bind (0.0.0.0, ::) answers on loopback.
const bound = process.env.HOST || "127.0.0.1";
const host = bound === "0.0.0.0" || bound === "::" ? "127.0.0.1" : bound;
const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/health/ready`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  console.log(`${response.status} ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
} catch (err) {
  console.log(`${url}: ${err instanceof Error ? (err.cause?.code ?? err.message) : String(err)}`);
  process.exit(1);
}
