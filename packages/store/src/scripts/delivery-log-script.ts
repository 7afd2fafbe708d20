import { LuaScript } from "../lua-script";

/**
 * Writes one webhook delivery record and keeps the log capped, atomically.
 *
 * KEYS[1]: the log index (zset of delivery ids by first attempt, ms); KEYS[2]: the record key.
 * ARGV: [1] delivery id, [2] record JSON, [3] first-attempt ms, [4] most records kept,
 * [5] record key prefix (`<prefix>:webhook:delivery:`).
 *
 * The record is set and indexed (`ZADD NX`: its place is its first attempt); when the index
 * holds more than the cap, the oldest ids and their records go. Those record keys are built
 * from ARGV[5] inside the script (as BullMQ's scripts do): they carry the installation's hash
 * tag like KEYS (`keyRoot`), so on a Redis Cluster they live in the same slot, on this node.
 */
export const deliveryLogScript = new LuaScript(
  "delivery-log",
  `
redis.call("SET", KEYS[2], ARGV[2])
redis.call("ZADD", KEYS[1], "NX", ARGV[3], ARGV[1])
local excess = redis.call("ZCARD", KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then
  local old = redis.call("ZRANGE", KEYS[1], 0, excess - 1)
  for i = 1, #old do redis.call("DEL", ARGV[5] .. old[i]) end
  redis.call("ZREMRANGEBYRANK", KEYS[1], 0, excess - 1)
end
return excess > 0 and excess or 0
`,
);
