-- wrk script: the anonymous plate check as a scanning app sends it
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- run.sh passes the scan in VERIFY_BODY (a correctly signed payload when the real service is the backend)
wrk.body = os.getenv("VERIFY_BODY")
  or '{"qrPayload":"EB1.eyJwbGF0ZSI6IuadrUExMjM0NSIsInYiOiI3ZjFjMmE5ZSJ9.c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmU"}'

-- print the latency percentiles in a form run.sh can parse
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_us=%d p90_us=%d p99_us=%d errors=%d non2xx=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.requests))
end
