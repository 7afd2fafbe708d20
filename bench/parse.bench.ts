// Parse throughput: bare mailparser vs our in-process parseMessage vs the MessageParser pool.
// Prints figures only, never pass/fail. Run: npx tsx bench/parse.bench.ts [passes]
import { readFileSync } from "node:fs";
import { MessageParser, parseMessage, type ParseLimits } from "@mailtriage/mime";
import { loadBenchMessages, simpleParser, time } from "./support/bench-messages";

const PASSES = Number(process.argv[2] ?? 3);
const policy = JSON.parse(readFileSync(new URL("../policy/default-policy.json", import.meta.url), "utf8")) as { limits: ParseLimits };
const messages = [...loadBenchMessages("corpus"), ...loadBenchMessages("examples")];
const totalBytes = messages.reduce((sum, raw) => sum + raw.length, 0);

interface Row {
  method: string;
  pass: number;
  seconds: number;
}

const rows: Row[] = [];
const pool = new MessageParser(policy.limits, { workers: 1 });
await pool.parse(messages[0] ?? Buffer.from("From: a@b\n\nx")); // start and warm the worker outside the timing
for (let pass = 1; pass <= PASSES; pass++) {
  rows.push({
    method: "mailparser simpleParser (bare)",
    pass,
    seconds: await time(async () => {
      for (const raw of messages) await simpleParser(raw).catch(() => undefined);
    }),
  });
  rows.push({
    method: "parseMessage (in-process)",
    pass,
    seconds: await time(async () => {
      for (const raw of messages) await parseMessage(raw, policy.limits);
    }),
  });
  rows.push({
    method: "MessageParser (pool of 1)",
    pass,
    seconds: await time(async () => {
      await Promise.all(messages.map((raw) => pool.parse(raw)));
    }),
  });
}
await pool.close();

console.log(`${messages.length} messages, ${(totalBytes / 1024 / 1024).toFixed(2)} MiB, ${PASSES} passes, Node ${process.version}\n`);
console.log(`${"method".padEnd(32)} ${"pass".padStart(4)} ${"seconds".padStart(9)} ${"msg/s".padStart(9)} ${"MiB/s".padStart(7)}`);
for (const row of rows) {
  const perSecond = messages.length / row.seconds;
  const mibPerSecond = totalBytes / 1024 / 1024 / row.seconds;
  console.log(`${row.method.padEnd(32)} ${String(row.pass).padStart(4)} ${row.seconds.toFixed(3).padStart(9)} ${perSecond.toFixed(0).padStart(9)} ${mibPerSecond.toFixed(1).padStart(7)}`);
}
