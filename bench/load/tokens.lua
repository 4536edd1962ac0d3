-- Rotates the Authorization header over TOKENS distinct bearer tokens named <PREFIX>-<n>,
-- so the gateway sees a realistic handful of callers rather than one.
local prefix = os.getenv("TOKEN_PREFIX") or "load"
local count = tonumber(os.getenv("TOKENS") or "8")
local headers = {}
for i = 1, count do
  headers[i] = { ["Authorization"] = "Bearer " .. prefix .. "-" .. i }
end
local n = 0

request = function()
  n = n + 1
  return wrk.format(nil, nil, headers[(n % count) + 1])
end
