package redisindex

import "github.com/redis/go-redis/v9"

// The store's scripts. Those on the prefix's own slot take KEYS format,
// counter (and the voided set), and the highest number this Store has
// seen as their last argument; those on a shard take KEYS[1] marker and
// ARGV[1] the layout's generation (see checkShard).
const checkLog = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('REPRINT_LOST the store marker ' .. KEYS[1] .. ' is missing')
end
`

// logSeqScript takes the next record number.
var logSeqScript = redis.NewScript(checkLog + `
local n = redis.call('INCR', KEYS[2])
if n <= tonumber(ARGV[1]) then
  return redis.error_reply('REPRINT_LOST the record counter ' .. KEYS[2] .. ' is at ' .. n ..
    ', not above the ' .. ARGV[1] .. ' already seen')
end
return n
`)

// logTopScript returns the last record number given out, then the
// voided numbers, ascending.
var logTopScript = redis.NewScript(checkLog + `
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n < tonumber(ARGV[1]) then
  return redis.error_reply('REPRINT_LOST the record counter ' .. KEYS[2] .. ' is at ' .. n ..
    ', below the ' .. ARGV[1] .. ' already seen')
end
local out = redis.call('ZRANGE', KEYS[3], 0, -1)
table.insert(out, 1, n)
return out
`)

// logVoidedScript adds number ARGV[1] to the voided set.
var logVoidedScript = redis.NewScript(checkLog + `
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
return 1
`)

// logClaimScript gives article ARGV[2] record number ARGV[3] (KEYS
// marker, ID group) if its number is ARGV[4] (” for none) and returns
// 0; else it changes nothing and returns the article's number.
var logClaimScript = redis.NewScript(checkShard + `
local cur = redis.call('HGET', KEYS[2], ARGV[2])
if (not cur and ARGV[4] == '') or cur == ARGV[4] then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  return 0
end
return cur
`)

// logPutScript stores record ARGV[3] as number ARGV[2] (KEYS marker,
// chunk) unless the number holds something already (a record, or ”
// when voided), and returns what the number holds then. With ARGV[3]
// ” it voids the number if it is empty.
var logPutScript = redis.NewScript(checkShard + `
redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])
return redis.call('HGET', KEYS[2], ARGV[2])
`)

// logGetScript returns what numbers ARGV[2…] hold (KEYS marker, chunk),
// nil for those empty.
var logGetScript = redis.NewScript(checkShard + `
return redis.call('HMGET', KEYS[2], unpack(ARGV, 2))
`)

// logIDsScript returns the record numbers of articles ARGV[2…] (KEYS
// marker, ID group), nil for those without.
var logIDsScript = redis.NewScript(checkShard + `
return redis.call('HMGET', KEYS[2], unpack(ARGV, 2))
`)
