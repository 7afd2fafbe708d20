import { LuaScript } from "../lua-script";

/**
 * Removes expired message records of one outcome with what only they refer to, atomically.
 *
 * KEYS[1]: the outcome's message index; then three keys per record: the record, its raw bytes,
 * its re-drive counter. ARGV: the records' index members, in the same order.
 *
 * A record goes only while its member is still in the index (`ZREM` answers 1): a `failed`
 * record re-driven since it was read has left the failed index, and its key may already hold
 * the new result, which must stay. Returns `{ records removed, raw byte keys removed }`.
 */
export const expireRecordsScript = new LuaScript(
  "expire-records",
  `
local records, raws = 0, 0
for i = 1, #ARGV do
  if redis.call("ZREM", KEYS[1], ARGV[i]) == 1 then
    local at = 1 + (i - 1) * 3
    records = records + redis.call("DEL", KEYS[at + 1])
    raws = raws + redis.call("DEL", KEYS[at + 2])
    redis.call("DEL", KEYS[at + 3])
  end
end
return { records, raws }
`,
);
