import type { ParseOutcome } from "./parse-outcome";

/** Pool → worker: parse these bytes (their buffer is transferred, not copied). */
export interface WorkerRequest {
  id: number;
  bytes: Uint8Array;
}

/** Worker → pool: loaded and warmed up, or the outcome of request `id`. */
export type WorkerReply = { type: "ready" } | { type: "outcome"; id: number; outcome: ParseOutcome };
