package redisindex

import "github.com/redis/go-redis/v9"

// The index's scripts take KEYS config, id, seq, sig, then the band
// buckets if any, and as their last argument the highest document number
// this Index has seen. checkIndex fails the script when the
// configuration is gone or the counter went back: the data was lost.
const checkIndex = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('REPRINT_LOST the index configuration ' .. KEYS[1] .. ' is missing')
end
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
if last < tonumber(ARGV[#ARGV]) then
  return redis.error_reply('REPRINT_LOST the document counter ' .. KEYS[3] .. ' is at ' .. last ..
    ', below the ' .. ARGV[#ARGV] .. ' already seen')
end
`

// addScript indexes ARGV[1] with stored value ARGV[2] (its ID and
// signature) and returns the document's number. If the ID is indexed
// already it changes nothing and returns minus the document's number when
// the stored value is ARGV[2] (the same Add again, for example the retry
// of one whose reply was lost), else 0.
var addScript = redis.NewScript(checkIndex + `
local had = redis.call('HGET', KEYS[2], ARGV[1])
if had then
  if redis.call('HGET', KEYS[4], had) == ARGV[2] then return -tonumber(had) end
  return 0
end
local n = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ARGV[1], n)
redis.call('HSET', KEYS[4], n, ARGV[2])
for i = 5, #KEYS do redis.call('SADD', KEYS[i], n) end
return n
`)

// queryScript returns the document counter, then the number and stored
// value of every document in the band buckets, flat.
var queryScript = redis.NewScript(checkIndex + `
local out = {last}
if #KEYS < 5 then return out end
local nums = redis.call('SUNION', unpack(KEYS, 5))
for i = 1, #nums, 512 do
  local chunk = {}
  for j = i, math.min(i + 511, #nums) do chunk[#chunk + 1] = nums[j] end
  local vals = redis.call('HMGET', KEYS[4], unpack(chunk))
  for j = 1, #chunk do
    if vals[j] then
      out[#out + 1] = chunk[j]
      out[#out + 1] = vals[j]
    end
  end
end
return out
`)

// getScript returns the document counter, then the number and stored
// value of ID ARGV[1] (nothing when not indexed).
var getScript = redis.NewScript(checkIndex + `
local n = redis.call('HGET', KEYS[2], ARGV[1])
if not n then return {last} end
return {last, n, redis.call('HGET', KEYS[4], n)}
`)

// lenScript returns the number of indexed documents.
var lenScript = redis.NewScript(checkIndex + `
return redis.call('HLEN', KEYS[2])
`)

// removeScript deletes ID ARGV[1] and its document, number ARGV[2], from
// the hashes and the band buckets. It returns 1 when removed, 0 when the
// ID is not indexed, -1 when it is indexed under another number (removed
// and added again by another client since it was read): the caller reads
// it again.
var removeScript = redis.NewScript(checkIndex + `
local n = redis.call('HGET', KEYS[2], ARGV[1])
if not n then return 0 end
if n ~= ARGV[2] then return -1 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[4], n)
for i = 5, #KEYS do redis.call('SREM', KEYS[i], n) end
return 1
`)

// The store's scripts take KEYS marker, log, ids and as their last
// argument the length of the log this Store has seen.
const checkStore = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('REPRINT_LOST the store marker ' .. KEYS[1] .. ' is missing')
end
local n = redis.call('LLEN', KEYS[2])
if n < tonumber(ARGV[#ARGV]) then
  return redis.error_reply('REPRINT_LOST the log ' .. KEYS[2] .. ' has ' .. n ..
    ' records, fewer than the ' .. ARGV[#ARGV] .. ' already seen')
end
`

// appendScript appends record ARGV[1], of article ARGV[2], to the log,
// records its position (1 for the first) under the article's ID, and
// returns the log's new length. If the article has a record already it
// changes nothing: it returns minus that record's position when the
// record is ARGV[1] (the same Append again, for example the retry of one
// whose reply was lost), else an error reply REPRINT_DUP.
var appendScript = redis.NewScript(checkStore + `
local had = redis.call('HGET', KEYS[3], ARGV[2])
if had then
  if redis.call('LINDEX', KEYS[2], tonumber(had) - 1) == ARGV[1] then return -tonumber(had) end
  return redis.error_reply('REPRINT_DUP ' .. ARGV[2] .. ' has another record, at position ' .. (tonumber(had) - 1))
end
local len = redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[2], len)
return len
`)

// rangeScript returns the log's length, then its records ARGV[1] to
// ARGV[2] (LRANGE indices).
var rangeScript = redis.NewScript(checkStore + `
local out = redis.call('LRANGE', KEYS[2], ARGV[1], ARGV[2])
table.insert(out, 1, n)
return out
`)

// storeLenScript returns the log's length.
var storeLenScript = redis.NewScript(checkStore + `
return n
`)

// upgradeScript finishes the upgrade of a log of format ARGV[1] to
// format ARGV[2], once the IDs of its first ARGV[3] records are in KEYS[3]
// (see NewStore): it sets the marker, KEYS[1], and returns 1 if the log
// still has ARGV[3] records; else, or if the marker holds neither format,
// it changes nothing and returns 0. It returns 1 too when the marker
// already holds ARGV[2].
var upgradeScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == ARGV[2] then return 1 end
if v ~= ARGV[1] or redis.call('LLEN', KEYS[2]) ~= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
`)
