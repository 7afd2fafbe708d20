/**
 * Worker-thread entry of `MessageParser`: parses each message it is sent with `parseMessage`
 * and posts the outcome back. Runs under the heap limit the pool gives it; the pool terminates
 * it when a parse overruns its time budget (POLICY §7).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { ParseLimits } from "./parse-limits";
import { parseMessage } from "./parse-message";
import type { WorkerReply, WorkerRequest } from "./worker-protocol";

const port = parentPort;
if (port === null) throw new Error("parse-worker.ts must run in a worker thread");
const limits = (workerData as { limits: ParseLimits }).limits;

port.on("message", (request: WorkerRequest) => {
  void parseMessage(request.bytes, limits).then((outcome) => {
    const reply: WorkerReply = { type: "outcome", id: request.id, outcome };
    port.postMessage(reply);
  });
});

// Load and warm the whole parser (mailparser, the HTML converter) before taking work, so the
// first real message's time budget is not spent compiling modules.
const WARM_UP = Buffer.from(
  'From: warm@up.example\r\nSubject: warm-up\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n' +
    "--b\r\nContent-Type: text/plain\r\n\r\nwarm\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>warm</p>\r\n--b--\r\n",
);
await parseMessage(WARM_UP, limits);
const ready: WorkerReply = { type: "ready" };
port.postMessage(ready);
