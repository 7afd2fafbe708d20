import { LuaScript } from "../lua-script";

/**
 * Applies a write plan atomically, after its guards hold (see `write-plan.ts`).
 *
 * KEYS: every key the plan touches. ARGV (every value a string; key positions are 1-based
 * KEYS indexes, 0 = no such guard):
 * - [1] message key position, [2] `"1"` when a `failed` record there may be replaced (re-drive),
 * - [3] version key position, [4] the version it must hold (absent counts as 0),
 * - from [5]: the ops, each `cmd, key position, argument count, argument…`.
 *
 * Returns `{"duplicate", <existing record>}` when the message key already holds a record (a
 * `failed` one is replaced when allowed: a re-drive), `{"conflict", <current version>}` when
 * the version key does not hold the expected version, else runs the ops and returns
 * `{"applied"}`. The ops arrive as flat arguments rather than one JSON array: no `cjson`
 * decode of the documents they carry (most of the script's time on a ticket write, issue 3),
 * and documents are never decoded and re-encoded here (cjson would turn `[]` into `{}`).
 */
export const commitScript = new LuaScript(
  "commit",
  `
local messageAt, versionAt = tonumber(ARGV[1]), tonumber(ARGV[3])
if messageAt > 0 then
  local existing = redis.call("GET", KEYS[messageAt])
  if existing then
    local replace = false
    if ARGV[2] == "1" then
      local ok, record = pcall(cjson.decode, existing)
      replace = ok and type(record) == "table" and type(record.result) == "table" and record.result.outcome == "failed"
    end
    if not replace then return {"duplicate", existing} end
  end
end
if versionAt > 0 then
  local current = tonumber(redis.call("GET", KEYS[versionAt]) or "0")
  if current ~= tonumber(ARGV[4]) then return {"conflict", tostring(current)} end
end
local allowed = { SET = true, DEL = true, ZADD = true, ZREM = true, RPUSH = true, XADD = true }
-- Check every op before running any: a script that fails half-way is not rolled back.
local starts = {}
local i = 5
while i <= #ARGV do
  local at, n = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  if not allowed[ARGV[i]] or not at or not KEYS[at] or not n or n < 0 or i + 2 + n > #ARGV then
    return redis.error_reply("commit: bad op " .. (#starts + 1))
  end
  starts[#starts + 1] = i
  i = i + 3 + n
end
for k = 1, #starts do
  local s = starts[k]
  redis.call(ARGV[s], KEYS[tonumber(ARGV[s + 1])], unpack(ARGV, s + 3, s + 2 + tonumber(ARGV[s + 2])))
end
return {"applied"}
`,
);
