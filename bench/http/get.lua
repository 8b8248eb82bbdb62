-- wrk script: GETs the path given to wrk with the bearer token in TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

done = function(summary, latency, requests)
   io.write(string.format("non-2xx=%d\n", summary.errors.status))
end
