-- wrk script for `interec openai-api` (bench/openai_api_bench.sh): every
-- request is one chat-completion turn of one of 100 conversations per wrk
-- thread, named by X-Conversation-Id, with the same mix of requests as
-- `interec loadgen` (filters, similarity, lookups, follow-ups). Counts the
-- answers that are not 200 and prints one JSON line at the end.
local texts = {
  "top 5 comedies from the 90s", "something like Heat", "more",
  "a drama after 1995, no horror", "when was Fargo released?",
  "movies similar to Toy Story but not animated", "top 3 thrillers",
  "recommend me something",
}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  failed = 0
end

function request()
  n = n + 1
  local user = "u" .. tid .. "-" .. (n % 100)
  local body = '{"model":"interec","user":"' .. user .. '","messages":[{"role":"user","content":"'
    .. texts[(n % #texts) + 1] .. '"}]}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["X-Conversation-Id"] = "bench-" .. user}, body)
end

function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end

function done(summary, latency, requests)
  local errors = 0
  for _, t in ipairs(threads) do errors = errors + t:get("failed") end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"turns": %d, "errors": %d, "socket_errors": %d, "turns_per_s": %.1f, "p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, errors,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
