#!/usr/bin/env bash
# Load benchmark of the gateway on loopback, every run bounded in time.
#
#   bench/load.sh [seconds-per-case] [rounds]        (defaults: 10 s, 2 rounds)
#
# Builds the gateway and the benchmark backends, starts a fast upstream, a fake IdP and token
# endpoints (LoadBackends) and the gateway with bench/load/gateway-bench.yml, then drives wrk
# against six cases, interleaved round by round so machine noise hits them alike:
#   1 upstream directly            4 TokenAuth + UpstreamToken, both warm
#   2 gateway route, no filter     5 TokenAuth, validation cache disabled
#   3 TokenAuth, cache warm        6 as 4, with an upstream token that expires every 5 s
# Prints requests/s, p50/p99 latency, ratios to case 2 (each round's case against that round's
# case 2, then the mean and range over rounds), the gateway's CPU time per request and the CPU
# time its JIT compilers took during each case (Linux), IdP and token-endpoint call counts and
# non-2xx answers; exits 1 if any non-2xx appeared in cases 1-4 or 6.
#
# Warm-up drives every gateway route at once for WARMUP seconds (default 60), as production
# traffic would, then goes on in 10 s slices until the JIT compilers use less than 1 % of a
# slice, for at most SETTLE_MAX seconds (default 120), then runs one round of cases 2-6 as the
# measured rounds do, with new tokens, unmeasured. Warming one route after another left the compilers busy for
# minutes of the measured rounds, on the gateway's one core, and most of the spread between
# rounds came from that. GATEWAY_JVM_OPTS is passed to the gateway's JVM.
#
# With two or more cores and taskset (util-linux), the gateway gets a core of its own and wrk
# and the backends share the others, so the gateway's own work is what limits cases 2-6 and
# their ratios show what the filters cost. PIN=0 runs everything unpinned.
set -euo pipefail

SECONDS_PER_CASE=${1:-10}
ROUNDS=${2:-2}
CONNECTIONS=${CONNECTIONS:-32}
TOKENS=${TOKENS:-8}
SHORT_TTL=5

cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "wrk is not installed: apt-get install wrk (Debian package 'wrk')" >&2
  exit 2
fi

PIN=${PIN:-1}
GATEWAY_CPUS=""; OTHER_CPUS=""
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  GATEWAY_CPUS="taskset -c $(( $(nproc) - 1 ))"; OTHER_CPUS="taskset -c 0-$(( $(nproc) - 2 ))"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
UPSTREAM_PORT=$(free_port); IDP_PORT=$(free_port); ADMIN_PORT=$(free_port); GATEWAY_PORT=$(free_port)
LOGS=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "building..." >&2
./mvnw -q -B -DskipTests package >&2

$OTHER_CPUS java -Xmx256m -cp bench/target/benchmarks.jar io.tokengate.bench.load.LoadBackends \
  "$UPSTREAM_PORT" "$IDP_PORT" "$ADMIN_PORT" "$SHORT_TTL" >"$LOGS/backends.log" 2>&1 &
PIDS+=($!)
$GATEWAY_CPUS java ${GATEWAY_JVM_OPTS:-} -Xms512m -Xmx512m -jar gateway-app/target/gateway-app.jar \
  --spring.config.additional-location=file:bench/load/gateway-bench.yml \
  --bench.gateway-port="$GATEWAY_PORT" --bench.upstream-port="$UPSTREAM_PORT" --bench.idp-port="$IDP_PORT" \
  >"$LOGS/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)

wait_for() { # url, bounded to 60 s
  for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not reachable: $1 (logs in $LOGS)" >&2; exit 2
}
wait_for "http://127.0.0.1:$ADMIN_PORT/counts"
wait_for "http://127.0.0.1:$GATEWAY_PORT/plain/ready"

counts() { curl -s "http://127.0.0.1:$ADMIN_PORT/counts"; }
# the value of one counter; \b keeps token_fetches from matching inside short_token_fetches
count_of() { grep -o "\b$1=[0-9]*" <<<"$2" | head -1 | cut -d= -f2; }

declare -A URL=(
  [1]="http://127.0.0.1:$UPSTREAM_PORT/direct"
  [2]="http://127.0.0.1:$GATEWAY_PORT/plain/x"
  [3]="http://127.0.0.1:$GATEWAY_PORT/auth/x"
  [4]="http://127.0.0.1:$GATEWAY_PORT/auth-upstream/x"
  [5]="http://127.0.0.1:$GATEWAY_PORT/uncached/x"
  [6]="http://127.0.0.1:$GATEWAY_PORT/expiring/x"
)
declare -A NAME=(
  [1]="upstream directly" [2]="gateway, no filter" [3]="TokenAuth, cache warm"
  [4]="TokenAuth + UpstreamToken" [5]="TokenAuth, no cache" [6]="as 4, token expires every ${SHORT_TTL}s"
)
declare -A RPS P50 P99 NON2XX IDP FETCH SHORT CPU JIT

# CPU time the gateway process has used, in clock ticks (Linux /proc; empty elsewhere). Per request
# it is the gateway's cost with the machine's noise taken out: time a neighbour takes from the
# core lowers req/s but is not counted here.
gateway_ticks() { [ -r "/proc/$GATEWAY_PID/stat" ] && awk '{ print $14 + $15 }' "/proc/$GATEWAY_PID/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK 2>/dev/null || echo 100)

to_ms() { # wrk latency like 850.00us, 1.20ms, 2.01s -> milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /s$/ && v !~ /ms$/) n*=1000; printf "%.2f", n }'
}

# CPU time of the gateway's JIT compiler threads, in clock ticks (Linux; 0 elsewhere). A thread's
# name may hold a space, so its stat fields are counted from the closing parenthesis.
jit_ticks() {
  for t in /proc/"$GATEWAY_PID"/task/*; do
    read -r comm <"$t/comm" 2>/dev/null || continue
    case "$comm" in "C1 Compiler"*|"C2 Compiler"*) sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }' ;; esac
  done | awk '{ s += $1 } END { print s + 0 }'
}
ticks_to_ms() { echo $(( $1 * 1000 / TICKS_PER_SECOND )); }

every_route() { # seconds: cases 2-6 at once, each with its own tokens (not those the cases measure)
  local pids=()
  for c in 2 3 4 5 6; do
    TOKEN_PREFIX="warm$c" TOKENS=$TOKENS $OTHER_CPUS wrk -t1 -c8 -d"$1s" -s bench/load/tokens.lua "${URL[$c]}" >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"
}

WARMUP=${WARMUP:-60}
SETTLE_MAX=${SETTLE_MAX:-120}
echo "warm-up: every route at once for ${WARMUP}s" >&2
every_route "$WARMUP"
for _ in $(seq 1 $(( SETTLE_MAX / 10 ))); do
  jit_before=$(jit_ticks); every_route 10; jit_ms=$(ticks_to_ms $(( $(jit_ticks) - jit_before )))
  echo "warm-up: JIT compilers used ${jit_ms} ms of the last 10 s" >&2
  [ "$jit_ms" -lt 100 ] && break
done
# one round as the measured ones run, discarded: a route driven alone after the mixed warm-up
# still had the compilers busy for over a second. Its tokens are new, as the first measured
# round's are: after minutes of cache hits, the first misses (an IdP call each) had the compilers
# busy for most of a second too.
jit_before=$(jit_ticks)
for c in 2 3 4 5 6; do
  TOKEN_PREFIX="unmeasured$c" TOKENS=$TOKENS $OTHER_CPUS wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_CASE}s" \
    -s bench/load/tokens.lua "${URL[$c]}" >/dev/null
done
echo "warm-up: one unmeasured round, JIT compilers used $(ticks_to_ms $(( $(jit_ticks) - jit_before ))) ms of it" >&2

for round in $(seq 1 "$ROUNDS"); do
  # odd rounds run the cases forwards, even rounds backwards, so drift favours none of them
  order="1 2 3 4 5 6"; (( round % 2 == 0 )) && order="6 5 4 3 2 1"
  for c in $order; do
    before=$(counts); ticks_before=$(gateway_ticks || true); jit_before=$(jit_ticks)
    out=$(TOKEN_PREFIX="case$c" TOKENS=$TOKENS $OTHER_CPUS wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_CASE}s" --latency \
      -s bench/load/tokens.lua "${URL[$c]}")
    after=$(counts); ticks_after=$(gateway_ticks || true); jit_ms=$(ticks_to_ms $(( $(jit_ticks) - jit_before )))
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
    non2xx=$(awk -F': *' '/Non-2xx/ {print $2}' <<<"$out"); non2xx=${non2xx:-0}
    errors=$(awk '/Socket errors/ {s=0; for (i=3;i<=NF;i+=2) s+=$(i+1); print s}' <<<"$out" | tr -d ','); errors=${errors:-0}
    RPS[$c]="${RPS[$c]:-} $rps"; P50[$c]="${P50[$c]:-} $p50"; P99[$c]="${P99[$c]:-} $p99"
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    if [ -n "$ticks_before" ] && [ -n "$ticks_after" ] && [ "${requests:-0}" -gt 0 ]; then
      cpu=$(awk -v t=$(( ticks_after - ticks_before )) -v hz="$TICKS_PER_SECOND" -v n="$requests" \
        'BEGIN { printf "%.1f", t * 1000000 / hz / n }')
      CPU[$c]="${CPU[$c]:-} $cpu"
    fi
    JIT[$c]=$(( ${JIT[$c]:-0} + jit_ms ))
    NON2XX[$c]=$(( ${NON2XX[$c]:-0} + non2xx + errors ))
    IDP[$c]=$(( ${IDP[$c]:-0} + $(count_of introspections "$after") - $(count_of introspections "$before") ))
    FETCH[$c]=$(( ${FETCH[$c]:-0} + $(count_of token_fetches "$after") - $(count_of token_fetches "$before") ))
    SHORT[$c]=$(( ${SHORT[$c]:-0} + $(count_of short_token_fetches "$after") - $(count_of short_token_fetches "$before") ))
    echo "round $round case $c: $rps req/s p50 ${p50}ms p99 ${p99}ms JIT ${jit_ms}ms non-2xx $((non2xx + errors))" >&2
  done
done

mean() { awk '{ s=0; for (i=1;i<=NF;i++) s+=$i; printf "%.0f", s/NF }' <<<"$1"; }
meanf() { awk '{ s=0; for (i=1;i<=NF;i++) s+=$i; printf "%.2f", s/NF }' <<<"$1"; }
# a case's ratio to case 2 in each round, then their mean and range: rounds differ (JIT, the
# neighbours of a shared machine) more than cases within one round do
ratios() { # rps list of a case, rps list of case 2 -> "mean (min-max)"
  awk -v a="$1" -v b="$2" 'BEGIN { n=split(a, x, " "); split(b, y, " "); s=0; lo=1e9; hi=0
    for (i=1;i<=n;i++) { r=x[i]/y[i]; s+=r; if (r<lo) lo=r; if (r>hi) hi=r }
    printf "%.3f (%.2f-%.2f)", s/n, lo, hi }'
}
echo
echo "cpu: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); ${ROUNDS} rounds x ${SECONDS_PER_CASE}s per case, ${CONNECTIONS} connections, ${TOKENS} tokens per case; pinned: ${GATEWAY_CPUS:-no}"
printf '| %-2s | %-34s | %9s | %8s | %8s | %19s | %11s | %8s | %10s | %13s | %7s |\n' "#" "case" "req/s" "p50 ms" "p99 ms" "ratio to 2" "gw us/req" "JIT ms" "IdP calls" "token fetches" "non-2xx"
printf '| %-2s | %-34s | %9s | %8s | %8s | %19s | %11s | %8s | %10s | %13s | %7s |\n' "--" "---" "---" "---" "---" "---" "---" "---" "---" "---" "---"
for c in 1 2 3 4 5 6; do
  rps=$(mean "${RPS[$c]}")
  ratio=$(ratios "${RPS[$c]}" "${RPS[2]}")
  fetches=$(( ${FETCH[$c]} + ${SHORT[$c]} ))
  # case 1 bypasses the gateway, and without /proc there is nothing to count
  cpu="-"; jit="-"
  if [ "$c" != 1 ] && [ -n "${CPU[$c]:-}" ]; then cpu=$(meanf "${CPU[$c]}"); jit=${JIT[$c]}; fi
  printf '| %-2s | %-34s | %9s | %8s | %8s | %19s | %11s | %8s | %10s | %13s | %7s |\n' "$c" "${NAME[$c]}" "$rps" \
    "$(meanf "${P50[$c]}")" "$(meanf "${P99[$c]}")" "$ratio" "$cpu" "$jit" "${IDP[$c]}" "$fetches" "${NON2XX[$c]}"
done
echo
periods=$(( ROUNDS * SECONDS_PER_CASE * 10 / (SHORT_TTL * 8) ))
echo "expected: cases 3, 4, 6 IdP calls = $TOKENS each (distinct tokens), and $TOKENS more whenever the run" \
  "outlasts the cache's max-ttl (5m in gateway-bench.yml); case 6 token fetches between $periods and $(( periods + ROUNDS ))" \
  "(one per refresh period of 0.8 x ${SHORT_TTL}s, plus one for each round that starts after its token expired)"

failed=0
for c in 1 2 3 4 6; do
  if [ "${NON2XX[$c]}" -ne 0 ]; then echo "FAIL: case $c had ${NON2XX[$c]} non-2xx answers or socket errors" >&2; failed=1; fi
done
exit $failed
