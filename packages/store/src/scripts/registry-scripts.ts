import { LuaScript } from "../lua-script";

/**
 * Puts one partner, keeping partner domains unique (POLICY §3: a domain maps to one partner).
 * KEYS: partners hash, partner-domains hash, registry version. ARGV: id, partner JSON, JSON
 * array of its domains. Returns `{"taken", domain, owner}` when another partner has a domain,
 * else `{"ok"}` after writing (old domains of the partner released) and bumping the version.
 */
export const putPartnerScript = new LuaScript(
  "put-partner",
  `
local id, json = ARGV[1], ARGV[2]
local domains = cjson.decode(ARGV[3])
for _, d in ipairs(domains) do
  local owner = redis.call("HGET", KEYS[2], d)
  if owner and owner ~= id then return {"taken", d, owner} end
end
local old = redis.call("HGET", KEYS[1], id)
if old then
  for _, d in ipairs(cjson.decode(old).domains or {}) do
    if redis.call("HGET", KEYS[2], d) == id then redis.call("HDEL", KEYS[2], d) end
  end
end
for _, d in ipairs(domains) do redis.call("HSET", KEYS[2], d, id) end
redis.call("HSET", KEYS[1], id, json)
redis.call("INCR", KEYS[3])
return {"ok"}
`,
);

/**
 * Deletes one partner and releases its domains. KEYS as for put. ARGV: id. Returns 1 when it existed.
 */
export const deletePartnerScript = new LuaScript(
  "delete-partner",
  `
local old = redis.call("HGET", KEYS[1], ARGV[1])
if not old then return 0 end
for _, d in ipairs(cjson.decode(old).domains or {}) do
  if redis.call("HGET", KEYS[2], d) == ARGV[1] then redis.call("HDEL", KEYS[2], d) end
end
redis.call("HDEL", KEYS[1], ARGV[1])
redis.call("INCR", KEYS[3])
return 1
`,
);

/**
 * Seeds both registries once. KEYS: partners, partner-domains, accounts, version, seeded flag.
 * ARGV[1]: JSON `[[id, json, [domains]], …]`; ARGV[2]: JSON `[[domain, json], …]`.
 * Returns 0 (and writes nothing) when they were seeded before, even if since emptied by hand.
 */
export const seedRegistriesScript = new LuaScript(
  "seed-registries",
  `
if redis.call("SET", KEYS[5], "1", "NX") == false then return 0 end
for _, p in ipairs(cjson.decode(ARGV[1])) do
  redis.call("HSET", KEYS[1], p[1], p[2])
  for _, d in ipairs(p[3]) do redis.call("HSET", KEYS[2], d, p[1]) end
end
for _, a in ipairs(cjson.decode(ARGV[2])) do redis.call("HSET", KEYS[3], a[1], a[2]) end
redis.call("INCR", KEYS[4])
return 1
`,
);
