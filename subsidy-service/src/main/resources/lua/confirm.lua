-- The grants behind these holds (of one campaign) are committed in PostgreSQL: forget the holds (the slots
-- stay taken). A hold that changed, or a different epoch, is left alone.
-- KEYS[1] epoch marker, KEYS[2] holds; ARGV[1] epoch of the holds, then pairs: trade-in id, hold value
-- Returns the number of holds dropped.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
local dropped = 0
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
    dropped = dropped + redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
return dropped
