import { Worker } from "node:worker_threads";
import type { ParseLimits } from "./parse-limits";
import { failParse, type ParseOutcome } from "./parse-outcome";
import type { WorkerReply, WorkerRequest } from "./worker-protocol";

interface Job {
  id: number;
  raw: Uint8Array;
  resolve(outcome: ParseOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | undefined;
}

const WORKER_URL = new URL("./parse-worker.ts", import.meta.url).href;

/**
 * Young-generation size of a parser worker, MiB (V8's default is half: 16 MiB semi-spaces, as
 * on a main thread). mailparser churns through short-lived stream objects; with the default,
 * more of them survive a scavenge and get copied, and a warm pool spent ~320 µs of CPU per
 * bench message against ~240 µs with 64 MiB (issue 3; 48 MiB measured like the default).
 */
const PARSER_YOUNG_GENERATION_MB = 64;

/**
 * A pool of parser worker threads (POLICY §7: a hostile message cannot hang the service or
 * exhaust its memory; HOSTILE-MAIL.md: html-to-text can burn 30 s of CPU or crash the process,
 * and no try/catch stops that). Each worker runs `parseMessage` with an old-generation heap of
 * `parseHeapMb` (and a 64 MiB young generation); a parse over `parseTimeoutMs` (counted from
 * when a warmed-up worker takes it) terminates its worker → `parse_timeout`; a worker dying of
 * out-of-memory → `parse_memory`.
 * Dead workers are replaced on demand and the pool keeps serving. Messages wait in FIFO order
 * for a free worker. Workers start on the first `parse`, and do not keep the process alive
 * while idle; `close()` terminates them.
 */
export class MessageParser {
  readonly #limits: ParseLimits;
  readonly #size: number;
  readonly #slots = new Set<Slot>();
  readonly #queue: Job[] = [];
  #nextId = 1;
  #closed = false;

  /** `options.workers`: number of worker threads, a positive integer (default 1). */
  constructor(limits: ParseLimits, options: { workers?: number } = {}) {
    const size = options.workers ?? 1;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`workers must be a positive integer, got ${size}`);
    this.#limits = limits;
    this.#size = size;
  }

  /**
   * Parses one message in a worker. Resolves with a `ParseOutcome` for anything the message
   * does (including timeouts and out-of-memory); over `maxMessageBytes` resolves `too_large`
   * without using a worker. The bytes are copied once and the copy is transferred, so the
   * caller keeps `raw`. Rejects only on infrastructure trouble: the pool is closed, or a worker
   * cannot start at all.
   */
  parse(raw: Uint8Array): Promise<ParseOutcome> {
    if (this.#closed) return Promise.reject(new Error("MessageParser is closed"));
    if (raw.byteLength > this.#limits.maxMessageBytes) {
      return Promise.resolve(failParse(raw, "too_large", `${raw.byteLength} bytes, over the ${this.#limits.maxMessageBytes}-byte limit`));
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, raw, resolve, reject });
      this.#dispatch();
    });
  }

  /** Terminates every worker; parses still waiting or running reject. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const closedError = new Error("MessageParser closed");
    for (const job of this.#queue.splice(0)) job.reject(closedError);
    const slots = [...this.#slots];
    this.#slots.clear();
    await Promise.all(
      slots.map(async (slot) => {
        clearTimeout(slot.timer);
        slot.job?.reject(closedError);
        await slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const idle = [...this.#slots].find((slot) => slot.ready && slot.job === null);
      if (idle === undefined) {
        if (this.#slots.size < this.#size) this.#spawn();
        return;
      }
      this.#run(idle, this.#queue.shift() as Job);
    }
    for (const slot of this.#slots) if (slot.job === null) slot.worker.unref();
  }

  #spawn(): void {
    let worker: Worker;
    try {
      worker = new Worker(workerBootstrap(), {
        eval: true,
        workerData: { limits: this.#limits },
        resourceLimits: { maxOldGenerationSizeMb: this.#limits.parseHeapMb, maxYoungGenerationSizeMb: PARSER_YOUNG_GENERATION_MB },
      });
    } catch (error) {
      this.#failToStart(error);
      return;
    }
    const slot: Slot = { worker, ready: false, job: null, timer: undefined };
    this.#slots.add(slot);
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "ready") {
        slot.ready = true;
      } else if (slot.job?.id === reply.id) {
        clearTimeout(slot.timer);
        const job = slot.job;
        slot.job = null;
        job.resolve(reply.outcome);
      }
      this.#dispatch();
    });
    worker.on("error", (error: Error & { code?: string }) => this.#lose(slot, error));
    worker.on("exit", (code) => this.#lose(slot, new Error(`parser worker exited with code ${code}`)));
  }

  #run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    // A copy, transferred: the caller keeps its bytes, and a Buffer's shared pool slab is never detached.
    const bytes = new Uint8Array(job.raw);
    const request: WorkerRequest = { id: job.id, bytes };
    slot.worker.postMessage(request, [bytes.buffer]);
    slot.timer = setTimeout(() => {
      this.#slots.delete(slot);
      slot.job = null;
      void slot.worker.terminate();
      job.resolve(failParse(job.raw, "parse_timeout", `parse took over ${this.#limits.parseTimeoutMs} ms; worker terminated`));
      this.#dispatch();
    }, this.#limits.parseTimeoutMs);
  }

  /** A worker died (error or exit): settle its message, or fail the queue if it never started. */
  #lose(slot: Slot, error: Error & { code?: string }): void {
    if (!this.#slots.delete(slot)) return; // already retired (timeout, close)
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    if (!slot.ready) {
      this.#failToStart(error);
      return;
    }
    if (job !== null) {
      const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      job.resolve(failParse(job.raw, outOfMemory ? "parse_memory" : "parse_error", error.message));
    }
    this.#dispatch();
  }

  /** A worker that cannot start will not start next time either: reject what waits, do not loop. */
  #failToStart(error: unknown): void {
    const cause = error instanceof Error ? error.message : String(error);
    for (const job of this.#queue.splice(0)) job.reject(new Error(`parser worker failed to start: ${cause}`, { cause: error }));
  }
}

/**
 * Source of the worker: registers tsx, then loads `parse-worker.ts`. On Node 20 tsx's loader
 * flags (`--import tsx`, in `process.execArgv` under tsx, absent under vitest) do not reach a
 * worker thread: a `.ts` entry fails with ERR_UNKNOWN_FILE_EXTENSION. Registering through
 * tsx's API inside the worker works under tsx, vitest and plain node alike; tsx is resolved
 * from this file, so the working directory does not matter.
 */
function workerBootstrap(): string {
  const tsxApi = import.meta.resolve("tsx/esm/api");
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); });`;
}
