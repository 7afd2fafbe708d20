// The load generator of bench/pipeline.bench.ts, in a process of its own so that its CPU (HTTP
// client, building requests) is not counted as the pipeline's. Started with `fork`; on each
// `PostRequest` it POSTs every bench message to /v1/messages, `inFlight` at a time, and answers
// with a `PostReport`.
import { loadBenchMessages } from "./bench-messages";

/** What the bench asks for: one pass over the messages, each made new by `tag`. */
export interface PostRequest {
  url: string;
  key: string;
  tag: string;
  inFlight: number;
}

/** One pass done: how many distinct jobs the API answered with, and the CPU this process used. */
export interface PostReport {
  jobs: number;
  cpuSeconds: number;
}

/**
 * The message with a Message-ID of its own for this pass (`<tag-…>`), or an extra header when
 * it has none, so that passes are not duplicates of each other. References and In-Reply-To are
 * left as they are: a reply then opens a ticket of its own instead of waiting for its parent.
 */
export function passVariant(raw: Buffer, tag: string): Buffer {
  const text = raw.toString("latin1");
  const renamed = text.replace(/^(message-id:\s*<)/im, `$1${tag}-`);
  return Buffer.from(renamed === text ? `X-Bench-Pass: ${tag}\r\n${text}` : renamed, "latin1");
}

async function postAll(messages: readonly Buffer[], request: PostRequest): Promise<PostReport> {
  const before = process.cpuUsage();
  const bodies = messages.map((raw) => passVariant(raw, request.tag));
  const jobIds = new Set<string>();
  let next = 0;
  const post = async (): Promise<void> => {
    for (let i = next++; i < bodies.length; i = next++) {
      const response = await fetch(`${request.url}/v1/messages`, { method: "POST", headers: { authorization: `Bearer ${request.key}`, "content-type": "message/rfc822" }, body: bodies[i] });
      if (response.status !== 202) throw new Error(`POST /v1/messages: ${response.status} ${await response.text()}`);
      jobIds.add(((await response.json()) as { jobId: string }).jobId);
    }
  };
  await Promise.all(Array.from({ length: request.inFlight }, post));
  const used = process.cpuUsage(before);
  return { jobs: jobIds.size, cpuSeconds: (used.user + used.system) / 1e6 };
}

if (process.send !== undefined) {
  const messages = [...loadBenchMessages("examples"), ...loadBenchMessages("corpus")];
  process.on("message", (request: PostRequest) => {
    postAll(messages, request).then(
      (report) => process.send?.(report),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send("ready");
}
