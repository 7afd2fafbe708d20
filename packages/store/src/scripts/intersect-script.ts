import { LuaScript } from "../lua-script";

/**
 * One page of members present in every given lex index, newest first (a filtered ticket list).
 *
 * KEYS: `n` lex indexes (members `<ms>|<id>`, identical across indexes), then optionally the
 * two due sets (member `<id>`, score = due ms). ARGV: max bound, min bound (ZREVRANGEBYLEX
 * syntax), wanted count, scan budget, `n`, due limit in ms ("" = no due filter). Walks the
 * smallest lex index down from `max` in chunks and keeps members that every other index has
 * (ZSCORE) and, with a due limit, that have a phase due at or before it, until it has `wanted`
 * members, the index ends, or `budget` members were looked at (so a very selective filter
 * cannot hold Redis for long: the caller continues from the last scanned member).
 *
 * Returns `{ members, lastScanned or "", exhausted (1/0) }`.
 */
export const intersectScript = new LuaScript(
  "intersect",
  `
local n = tonumber(ARGV[5])
local dueMax = tonumber(ARGV[6])
local best, bestCard = 1, nil
for i = 1, n do
  local card = redis.call("ZCARD", KEYS[i])
  if bestCard == nil or card < bestCard then best, bestCard = i, card end
end
local function due(member)
  local id = string.sub(member, string.find(member, "|", 1, true) + 1)
  for i = n + 1, #KEYS do
    local score = redis.call("ZSCORE", KEYS[i], id)
    if score and tonumber(score) <= dueMax then return true end
  end
  return false
end
local max, min = ARGV[1], ARGV[2]
local wanted, budget = tonumber(ARGV[3]), tonumber(ARGV[4])
local out, scanned, last = {}, 0, ""
while #out < wanted and scanned < budget do
  local chunk = redis.call("ZREVRANGEBYLEX", KEYS[best], max, min, "LIMIT", 0, 200)
  for _, member in ipairs(chunk) do
    scanned = scanned + 1
    last = member
    local keep = true
    for i = 1, n do
      if i ~= best and not redis.call("ZSCORE", KEYS[i], member) then keep = false break end
    end
    if keep and dueMax then keep = due(member) end
    if keep then
      out[#out + 1] = member
      if #out >= wanted then return {out, last, 0} end
    end
  end
  if #chunk < 200 then return {out, last, 1} end
  max = "(" .. last
end
return {out, last, 0}
`,
);
