-- wrk script: POST batches of 100 events with unique event ids (per thread and request).
-- Set by run.sh through the environment: ATTUNE_GROUP, ATTUNE_KEY.
local group = os.getenv("ATTUNE_GROUP") or "bench"
local key = os.getenv("ATTUNE_KEY") or ""
local threads = 0

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function init(args)
  counter = 0
  path = "/v1/groups/" .. group .. "/events"
  headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}
end

function request()
  counter = counter + 1
  local parts = {}
  for i = 1, 100 do
    parts[i] = string.format(
      '{"event_id":"t%d-r%d-e%d","event_type":"read","item_id":"i%d","timestamp":%d}',
      thread_id, counter, i, (counter * 31 + i) % 20000, 1700000000 + counter)
  end
  local body = '{"user_id":"u' .. thread_id .. '-' .. (counter % 5000) ..
               '","session_id":"s' .. counter .. '","events":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format("events_requests_ok=%d non_2xx_or_errors=%d\n",
    summary.requests - summary.errors.status, summary.errors.status))
end
