import { lexTime, type MessageOutcome } from "./keys";
import type { MessageRecord } from "./message-record";
import type { RetentionContext } from "./retention";
import { expireRecordsScript } from "./scripts/expire-records-script";

/**
 * Removes the records of `outcome` received at or before `cutoffMs`, oldest first, with their
 * raw bytes and re-drive counters: `batch` per round (one script call), at most `maxRounds`
 * rounds. Index members whose record is already gone are dropped from the index.
 */
export async function expireRecords(
  ctx: RetentionContext,
  outcome: Extract<MessageOutcome, "rejected" | "ignored" | "failed">,
  cutoffMs: number,
  batch: number,
  maxRounds: number,
): Promise<{ records: number; more: boolean }> {
  const { redis, keys } = ctx;
  const index = keys.messageIndex(outcome);
  // Members are `<15-digit ms>|<identity hash>`: everything below the next millisecond's prefix.
  const below = `(${lexTime(new Date(cutoffMs + 1).toISOString())}`;
  let records = 0;
  for (let round = 0; round < maxRounds; round++) {
    const members = await redis.zrangebylex(index, "-", below, "LIMIT", 0, batch);
    if (members.length === 0) return { records, more: false };
    const stored = await redis.mget(members.map((m) => keys.messageByHash(hashOf(m))));
    const found: string[] = [];
    const scriptKeys = [index];
    const gone: string[] = [];
    members.forEach((member, i) => {
      const json = stored[i];
      if (json === null || json === undefined) return void gone.push(member);
      const record = JSON.parse(json) as MessageRecord;
      found.push(member);
      scriptKeys.push(keys.messageByHash(hashOf(member)), keys.raw(record.rawSha256), keys.redrive(record.rawSha256));
    });
    if (gone.length > 0) await redis.zrem(index, ...gone);
    if (found.length > 0) {
      const [removed] = (await expireRecordsScript.run(redis, scriptKeys, found)) as [number, number];
      records += removed;
    }
    if (members.length < batch) return { records, more: false };
  }
  return { records, more: true };
}

function hashOf(member: string): string {
  return member.slice(member.indexOf("|") + 1);
}
