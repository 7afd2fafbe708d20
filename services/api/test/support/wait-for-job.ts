import type { FastifyInstance } from "fastify";
import { bearer } from "./test-api";

/** `GET /v1/jobs/:jobId` body. */
export interface JobView {
  jobId: string;
  state: string;
  identity: string | null;
  duplicate: boolean | null;
  ticketId: string | null;
  result: Record<string, unknown> & { outcome: string; ticketId: string | null } | null;
}

/** Polls `GET /v1/jobs/:jobId` until the job completed or failed, or fails after `timeoutMs`. */
export async function waitForJob(app: FastifyInstance, key: string, jobId: string, timeoutMs = 15_000): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await app.inject({ url: `/v1/jobs/${jobId}`, headers: bearer(key) });
    const view = response.json<JobView>();
    if (response.statusCode !== 200) throw new Error(`GET /v1/jobs/${jobId}: ${response.statusCode} ${response.body}`);
    if (view.state === "completed" || view.state === "failed") return view;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${view.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reads one sample of a Prometheus text exposition (`name{labels} value`); 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const open = line.indexOf("{");
    const labelText = open < 0 ? "" : line.slice(open + 1, line.lastIndexOf("}"));
    if (wanted.every((w) => labelText.split(",").includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}
