-- wrk script of the intake scenario: POSTs distinct Sentry events. Each wrk thread cycles through its share of
-- the pre-generated bodies (one a line, "<json before the event id>\t<json after it>") and writes a fresh
-- 32-hex event id into each request: <16-hex run prefix><8-hex thread><8-hex request number>.
-- Arguments after the URL: <bodies file> <wrk threads> <16-hex run prefix>.
-- done() prints one line for the harness: BENCH-RESULT <requests> <duration us> <non-2xx> <socket errors>
-- <p50 us> <p99 us>.

local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

local heads, tails = {}, {}
local count, sent = 0, 0
local prefix
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  local threads = tonumber(args[2])
  prefix = args[3] .. string.format("%08x", thread_number)
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % threads == thread_number then
      local tab = string.find(line, "\t", 1, true)
      count = count + 1
      heads[count] = string.sub(line, 1, tab - 1)
      tails[count] = string.sub(line, tab + 1)
    end
    line_number = line_number + 1
  end
end

function request()
  local k = sent % count + 1
  sent = sent + 1
  local body = heads[k] .. prefix .. string.format("%08x", sent) .. tails[k]
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH-RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
