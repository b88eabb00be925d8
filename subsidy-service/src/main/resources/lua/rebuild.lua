-- Replaces a campaign's quota state with what PostgreSQL committed, in one atomic step, under a
-- new epoch. Allocation refuses to run while the epoch marker is missing, so no slot is ever taken
-- from a half-written state.
--
-- KEYS[1] epoch marker, KEYS[2] owners, KEYS[3] vehicles, KEYS[4] holds,
-- KEYS[5..] per phase: counter, free ranks (two keys per phase, in the order of ARGV's phase sections)
-- ARGV[1] new epoch, ARGV[2] sentinel member of the sets, ARGV[3] number of phases, then per phase:
-- highest committed rank, number of free ranks, the free ranks...; then number of owners, owners...;
-- then number of vehicles, vehicles...
redis.call('DEL', unpack(KEYS))
local a = 4
local phases = tonumber(ARGV[3])
for i = 1, phases do
  local counter = KEYS[3 + 2 * i]
  local free = KEYS[4 + 2 * i]
  redis.call('SET', counter, ARGV[a])
  local n = tonumber(ARGV[a + 1])
  a = a + 2
  for j = 0, n - 1 do
    redis.call('ZADD', free, tonumber(ARGV[a + j]), ARGV[a + j])
  end
  a = a + n
end
local function fill(key)
  redis.call('SADD', key, ARGV[2])
  local n = tonumber(ARGV[a])
  a = a + 1
  local batch = {}
  for j = 0, n - 1 do
    batch[#batch + 1] = ARGV[a + j]
    if #batch == 1000 then
      redis.call('SADD', key, unpack(batch))
      batch = {}
    end
  end
  if #batch > 0 then
    redis.call('SADD', key, unpack(batch))
  end
  a = a + n
end
fill(KEYS[2])
fill(KEYS[3])
redis.call('SET', KEYS[1], ARGV[1])
return 1
