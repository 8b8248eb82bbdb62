-- wrk script: POSTs the JSON file named by BODY_FILE with the bearer token in TOKEN, and fails the run on any
-- answer other than 200 (so that a rate of errors is never reported as a rate of decisions).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local file = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.body = file:read("*a")
file:close()

local failures = 0
response = function(status, headers, body)
   if status ~= 200 then
      failures = failures + 1
      if failures == 1 then
         io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
      end
   end
end

done = function(summary, latency, requests)
   io.write(string.format("non-2xx=%d\n", summary.errors.status))
end
