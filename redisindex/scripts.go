package redisindex

import "github.com/redis/go-redis/v9"

// Every script on a shard takes the shard's marker as KEYS[1] and the
// layout's generation as ARGV[1], and starts with checkShard. Every key a
// script touches is in KEYS, all in the shard's slot, so that a cluster
// refuses (MOVED, ASK, TRYAGAIN) a script before it runs rather than in
// the middle, and scripts read everything before they write.

// seqScript takes the next document number: KEYS config, counter; ARGV
// the highest number this Index has seen. The configuration gone or the
// counter back at or below what was seen means the data was lost.
var seqScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('REPRINT_LOST the index configuration ' .. KEYS[1] .. ' is missing')
end
local n = redis.call('INCR', KEYS[2])
if n <= tonumber(ARGV[1]) then
  return redis.error_reply('REPRINT_LOST the document counter ' .. KEYS[2] .. ' is at ' .. n ..
    ', not above the ' .. ARGV[1] .. ' already seen')
end
return n
`)

// claimScript indexes a document: KEYS marker, ID group, document group,
// count; ARGV gen, ID, number, value. If the ID is indexed already it
// changes nothing and returns {0, its number}; else it records the ID's
// number and the document, counts it, and returns {1, number}.
var claimScript = redis.NewScript(checkShard + `
local old = redis.call('HGET', KEYS[2], ARGV[2])
if old then return {0, old} end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
redis.call('INCR', KEYS[4])
return {1, ARGV[3]}
`)

// idScript returns the number of ID ARGV[2] (KEYS marker, ID group), or
// nil.
var idScript = redis.NewScript(checkShard + `
return redis.call('HGET', KEYS[2], ARGV[2])
`)

// docsScript returns the values of documents ARGV[2…] (KEYS marker,
// document group), nil for those missing.
var docsScript = redis.NewScript(checkShard + `
return redis.call('HMGET', KEYS[2], unpack(ARGV, 2))
`)

// Band buckets: KEYS marker, then a group and an overflow set per
// bucket; ARGV gen, then (bucketAdd, bucketRemove) the document number,
// then each bucket's field. A bucket's field in its group holds its
// documents' numbers, comma-separated, or '*' when they are in the
// overflow set (more than fit a compact hash value).
const bucketFields = `
local off = #ARGV - (#KEYS - 1) / 2
`

// bucketAddScript adds document ARGV[2] to the buckets; adding it again
// changes nothing.
var bucketAddScript = redis.NewScript(checkShard + bucketFields + `
local n = ARGV[2]
for i = 2, #KEYS, 2 do
  local f = ARGV[off + i / 2]
  local v = redis.call('HGET', KEYS[i], f)
  if not v then
    redis.call('HSET', KEYS[i], f, n)
  elseif v == '*' then
    redis.call('SADD', KEYS[i + 1], n)
  elseif not string.find(',' .. v .. ',', ',' .. n .. ',', 1, true) then
    local nv = v .. ',' .. n
    if #nv > 48 then
      local members = {}
      for m in string.gmatch(nv, '[^,]+') do members[#members + 1] = m end
      redis.call('SADD', KEYS[i + 1], unpack(members))
      redis.call('HSET', KEYS[i], f, '*')
    else
      redis.call('HSET', KEYS[i], f, nv)
    end
  end
end
return 1
`)

// bucketRemoveScript takes document ARGV[2] out of the buckets.
var bucketRemoveScript = redis.NewScript(checkShard + bucketFields + `
local n = ARGV[2]
for i = 2, #KEYS, 2 do
  local f = ARGV[off + i / 2]
  local v = redis.call('HGET', KEYS[i], f)
  if v == '*' then
    redis.call('SREM', KEYS[i + 1], n)
    if redis.call('SCARD', KEYS[i + 1]) == 0 then redis.call('HDEL', KEYS[i], f) end
  elseif v then
    local keep = {}
    for m in string.gmatch(v, '[^,]+') do
      if m ~= n then keep[#keep + 1] = m end
    end
    if #keep == 0 then
      redis.call('HDEL', KEYS[i], f)
    else
      redis.call('HSET', KEYS[i], f, table.concat(keep, ','))
    end
  end
end
return 1
`)

// bucketGetScript returns the numbers of the documents in the buckets,
// flat (a document in several buckets comes several times).
var bucketGetScript = redis.NewScript(checkShard + bucketFields + `
local out = {}
for i = 2, #KEYS, 2 do
  local v = redis.call('HGET', KEYS[i], ARGV[off + i / 2])
  if v == '*' then
    for _, m in ipairs(redis.call('SMEMBERS', KEYS[i + 1])) do out[#out + 1] = m end
  elseif v then
    for m in string.gmatch(v, '[^,]+') do out[#out + 1] = m end
  end
end
return out
`)

// tombScript marks document ARGV[3] of ID ARGV[2] as being removed (KEYS
// marker, ID group, document group) and returns its value; false when
// the ID is not indexed under that number (any more).
var tombScript = redis.NewScript(checkShard + `
if redis.call('HGET', KEYS[2], ARGV[2]) ~= ARGV[3] then return false end
local v = redis.call('HGET', KEYS[3], ARGV[3])
if not v then return false end
if string.sub(v, 1, 1) == '+' then
  v = '-' .. string.sub(v, 2)
  redis.call('HSET', KEYS[3], ARGV[3], v)
end
return v
`)

// deleteScript deletes ID ARGV[2] and its document ARGV[3], being
// removed (KEYS marker, ID group, document group, count). It returns 1
// when deleted, 0 when not there so.
var deleteScript = redis.NewScript(checkShard + `
if redis.call('HGET', KEYS[2], ARGV[2]) ~= ARGV[3] then return 0 end
local v = redis.call('HGET', KEYS[3], ARGV[3])
if v and string.sub(v, 1, 1) ~= '-' then return 0 end
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[3])
redis.call('DECR', KEYS[4])
return 1
`)

// countScript returns the shard's count of indexed documents (KEYS
// marker, count).
var countScript = redis.NewScript(checkShard + `
return tonumber(redis.call('GET', KEYS[2]) or '0')
`)

// idsScript returns the IDs of an ID group (KEYS marker, ID group).
var idsScript = redis.NewScript(checkShard + `
return redis.call('HKEYS', KEYS[2])
`)
