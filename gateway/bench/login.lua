-- wrk script: a login flood (issue 12, item 8). Correct password of the bootstrap admin, so every login that
-- gets through costs a full bcrypt check (no lock-out short-cut). FLOOD_MANY=1 sends each request from another
-- address (X-Forwarded-For, believed only because login-flood.sh starts the gateways with TRUSTED_PROXIES).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"username":"admin","password":"%s"}', os.getenv("FLOOD_PASSWORD") or "")
local many = os.getenv("FLOOD_MANY") == "1"
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, limited, busy, other = 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  if many then
    wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255),
      math.random(1, 254))
  end
  return wrk.format()
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 429 then limited = limited + 1
  elseif status == 503 then busy = busy + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local o, l, b, x = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); l = l + t:get("limited"); b = b + t:get("busy"); x = x + t:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("FLOOD logins_ok_per_s=%.1f limited_per_s=%.1f busy_per_s=%.1f other=%d errors=%d\n",
    o / secs, l / secs, b / secs, x,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
