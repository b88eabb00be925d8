-- Takes first-come slots for one or more claims of ONE campaign, in list order (first come, first served),
-- atomically with the campaign's per-owner and per-old-vehicle dedupe sets, in one round trip. For each
-- claim, in order: IN_FLIGHT if its trade-in already holds a slot; OWNER_ALREADY_GRANTED /
-- VEHICLE_ALREADY_GRANTED if the owner / old vehicle is in the campaign's set; else the lowest given-back
-- rank, or the next rank while the phase counter is below the quota (QUOTA_EXHAUSTED otherwise); a taken slot
-- adds owner and vehicle to the sets and records a hold. Nothing is written for a claim that gets no slot.
--
-- KEYS[1] epoch marker of the campaign (absent = Redis lost the campaign's keys: rebuild first)
-- KEYS[2] owners granted in the campaign (set, holds a sentinel member while initialised)
-- KEYS[3] old vehicles granted in the campaign (set, holds a sentinel member while initialised)
-- KEYS[4] holds: trade-in id -> "phaseId|rank|ownerId|vehicleId|takenAtSeconds" (slots not yet committed)
-- KEYS[3 + 2i], KEYS[4 + 2i] the counter (highest rank handed out in this epoch) and the free ranks (sorted
--   set of ranks given back, handed out again lowest first) of the call's i-th phase (i = 1..p)
-- ARGV[1] p (number of phases); ARGV[2i] id and ARGV[2i + 1] quota of phase i;
-- then per claim, from ARGV[2p + 2]: trade-in id, owner id, old vehicle id, phase index i
--
-- Returns {'NOT_INITIALISED', epoch or ''} when the campaign's state is missing (nothing written), else
-- {'OK', epoch, then per claim: outcome, rank or '', hold or ''}.
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  return {'NOT_INITIALISED', ''}
end
local p = tonumber(ARGV[1])
local must = {KEYS[2], KEYS[3]}
for i = 1, p do
  must[#must + 1] = KEYS[3 + 2 * i]
end
if redis.call('EXISTS', unpack(must)) ~= #must then
  return {'NOT_INITIALISED', epoch}
end
local now = redis.call('TIME')[1]
local out = {'OK', epoch}
local base = 2 * p + 2
local n = (#ARGV - base + 1) / 4
for c = 0, n - 1 do
  local a = base + 4 * c
  local trade, owner, vehicle, i = ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
  local outcome, rank, hold = nil, '', ''
  if redis.call('HEXISTS', KEYS[4], trade) == 1 then
    outcome = 'IN_FLIGHT'
  elseif redis.call('SISMEMBER', KEYS[2], owner) == 1 then
    outcome = 'OWNER_ALREADY_GRANTED'
  elseif redis.call('SISMEMBER', KEYS[3], vehicle) == 1 then
    outcome = 'VEHICLE_ALREADY_GRANTED'
  else
    local freed = redis.call('ZPOPMIN', KEYS[4 + 2 * i])
    if freed[1] then
      rank = tonumber(freed[1])
    elseif tonumber(redis.call('GET', KEYS[3 + 2 * i])) < tonumber(ARGV[2 * i + 1]) then
      rank = redis.call('INCR', KEYS[3 + 2 * i])
    end
    if rank == '' then
      outcome = 'QUOTA_EXHAUSTED'
    else
      outcome = 'GRANTED'
      redis.call('SADD', KEYS[2], owner)
      redis.call('SADD', KEYS[3], vehicle)
      hold = ARGV[2 * i] .. '|' .. rank .. '|' .. owner .. '|' .. vehicle .. '|' .. now
      redis.call('HSET', KEYS[4], trade, hold)
      rank = tostring(rank)
    end
  end
  out[#out + 1] = outcome
  out[#out + 1] = rank
  out[#out + 1] = hold
end
return out
