-- Gives back what a hold took and PostgreSQL did not commit (the caller decides from PostgreSQL
-- which parts are free). A no-op unless the hold is still there, unchanged, in the same epoch: after
-- a rebuild the old epoch's holds mean nothing (the rebuild already reflects PostgreSQL).
--
-- KEYS[1] epoch marker, KEYS[2] owners, KEYS[3] vehicles, KEYS[4] holds, KEYS[5] phase counter,
-- KEYS[6] phase free ranks
-- ARGV[1] epoch of the hold, ARGV[2] trade-in id, ARGV[3] the hold value as taken,
-- ARGV[4] give back the owner (1/0), ARGV[5] give back the vehicle (1/0), ARGV[6] give back the rank (1/0),
-- ARGV[7] owner id, ARGV[8] vehicle id, ARGV[9] rank
-- Returns 1 when released, 0 when there was nothing (any more) to release.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if redis.call('HGET', KEYS[4], ARGV[2]) ~= ARGV[3] then
  return 0
end
redis.call('HDEL', KEYS[4], ARGV[2])
if ARGV[4] == '1' then
  redis.call('SREM', KEYS[2], ARGV[7])
end
if ARGV[5] == '1' then
  redis.call('SREM', KEYS[3], ARGV[8])
end
if ARGV[6] == '1' then
  redis.call('ZADD', KEYS[6], tonumber(ARGV[9]), ARGV[9])
end
return 1
