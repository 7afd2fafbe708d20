import { LuaScript } from "../lua-script";

/**
 * Applies a write plan atomically, after its guards hold (see `write-plan.ts`).
 *
 * KEYS: every key the plan touches. ARGV[1]: guard JSON `{ message?, replaceFailed?, version?,
 * expected? }` (key positions are 1-based KEYS indexes). ARGV[2]: ops JSON `[[cmd, keyIndex,
 * arg…], …]`, every arg a string.
 *
 * Returns `{"duplicate", <existing record>}` when the message key already holds a record (a
 * `failed` one is replaced when `replaceFailed`: a re-drive), `{"conflict", <current version>}`
 * when the version key does not hold `expected` (absent = 0), else runs the ops and returns
 * `{"applied"}`. Documents are never decoded and re-encoded here (cjson would turn `[]` into
 * `{}`): they arrive as finished strings.
 */
export const commitScript = new LuaScript(
  "commit",
  `
local guard = cjson.decode(ARGV[1])
if guard.message then
  local existing = redis.call("GET", KEYS[guard.message])
  if existing then
    local replace = false
    if guard.replaceFailed then
      local ok, record = pcall(cjson.decode, existing)
      replace = ok and type(record) == "table" and type(record.result) == "table" and record.result.outcome == "failed"
    end
    if not replace then return {"duplicate", existing} end
  end
end
if guard.version then
  local current = tonumber(redis.call("GET", KEYS[guard.version]) or "0")
  if current ~= guard.expected then return {"conflict", tostring(current)} end
end
local allowed = { SET = true, DEL = true, ZADD = true, ZREM = true, RPUSH = true, XADD = true }
local ops = cjson.decode(ARGV[2])
-- Check every op before running any: a script that fails half-way is not rolled back.
for i = 1, #ops do
  if not allowed[ops[i][1]] or not KEYS[ops[i][2]] then return redis.error_reply("commit: bad op " .. i) end
end
for i = 1, #ops do
  redis.call(ops[i][1], KEYS[ops[i][2]], unpack(ops[i], 3))
end
return {"applied"}
`,
);
