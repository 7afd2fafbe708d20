// API requests/second and p99 for `GET /v1/tickets/:id` and a filtered list of 50, next to a bare
// Fastify route reading the same Redis keys the same way (GET of the JSON document; ZRANGE + MGET)
// (issue 3). autocannon on loopback, in a worker thread. Prints figures only, never pass/fail.
// Run: npx tsx bench/api.bench.ts [seconds per run] [rounds]
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379); uses a key prefix of its own and deletes it.
import { availableParallelism } from "node:os";
import { buildBareApp } from "../services/api/test/support/bare-routes";
import { openBenchHarness, waitForFinished } from "../services/api/test/support/bench-harness";
import { runLoad, type LoadFigures } from "../services/api/test/support/load";
import { bulkMessages } from "../test/support/bulk-messages";

const SECONDS = Number(process.argv[2] ?? 4);
// Rows alternate over several rounds and the best round counts: on a small machine one run of a
// few seconds varies by a third (the load generator, the server and Redis share the cores).
const ROUNDS = Number(process.argv[3] ?? 3);
const CONNECTIONS = 10;
const TICKETS = 500;

const h = await openBenchHarness("api");
const bare = buildBareApp(h.redis, h.keys);
try {
  // 500 tickets of partner acme, made by the real pipeline; then the worker stops (no competition).
  const worker = await h.startWorker();
  for (const raw of bulkMessages(TICKETS, "bench")) await h.deps.intake.intake(raw, { receivedAt: new Date().toISOString(), source: "http" });
  await waitForFinished(h.deps, TICKETS, 120_000);
  await worker.close();
  const [first] = (await h.deps.tickets.listTickets({ limit: 1 })).items;
  if (first === undefined) throw new Error("no ticket was stored");
  const bareUrl = await bare.listen({ port: 0, host: "127.0.0.1" });
  const auth = { authorization: `Bearer ${h.key}` };

  const cases: [string, string, Record<string, string>][] = [
    ["GET /v1/tickets/:id", `${h.url}/v1/tickets/${first.ticketId}`, auth],
    ["bare GET of the document", `${bareUrl}/bare/tickets/${first.ticketId}`, {}],
    ["bare, same keys (doc+messages+events)", `${bareUrl}/bare/tickets/${first.ticketId}/view`, {}],
    ["GET /v1/tickets?partner=acme&limit=50", `${h.url}/v1/tickets?partner=acme&limit=50`, auth],
    ["bare ZREVRANGEBYLEX + MGET of 50", `${bareUrl}/bare/tickets?partner=acme&limit=50`, {}],
  ];
  for (const [, url, headers] of cases) await runLoad(url, { headers, connections: CONNECTIONS, seconds: 1 }); // warm up
  const figures: LoadFigures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, url, headers]] of cases.entries()) {
      const run = await runLoad(url, { headers, connections: CONNECTIONS, seconds: SECONDS });
      const kept = figures[i];
      if (kept === undefined || run.requestsPerSecond > kept.requestsPerSecond) figures[i] = run;
    }
  }

  console.log(`${TICKETS} tickets; autocannon ${CONNECTIONS} connections × ${SECONDS} s per row, best of ${ROUNDS} alternating rounds, loopback; Node ${process.version}; ${availableParallelism()} cores`);
  console.log(`API routes run auth (cached key), rate limit, zod validation, request id, metrics and (silent) logging; GET /v1/tickets/:id also reads the ticket's messages and events\n`);
  console.log(`${"route".padEnd(40)} ${"req/s".padStart(8)} ${"p99 ms".padStart(7)} ${"failed".padStart(7)}`);
  cases.forEach(([label], i) => {
    const f = figures[i]!;
    console.log(`${label.padEnd(40)} ${f.requestsPerSecond.toFixed(0).padStart(8)} ${f.p99Ms.toFixed(1).padStart(7)} ${String(f.failures).padStart(7)}`);
  });
  const ratio = (api: LoadFigures, base: LoadFigures) => `${(api.requestsPerSecond / base.requestsPerSecond).toFixed(2)}x req/s, p99 ${(api.p99Ms / Math.max(base.p99Ms, 0.001)).toFixed(2)}x`;
  console.log(`\nticket GET / bare GET of the document: ${ratio(figures[0]!, figures[1]!)}`);
  console.log(`ticket GET / bare reading the same keys: ${ratio(figures[0]!, figures[2]!)}`);
  console.log(`list of 50 / bare ZREVRANGEBYLEX + MGET: ${ratio(figures[3]!, figures[4]!)}`);
} finally {
  await bare.close();
  await h.close();
}
