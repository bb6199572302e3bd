#!/usr/bin/env bash
# Load shedding under 2,000 connections: wrk sends uncached searches (random words, units
# and pages) over 2,000 connections while /healthz and a staff page (signed in as
# editor@610112) are probed twice a second. Run twice with the same binary: with the
# default concurrency bounds, then with bounds too large to ever shed (the reference).
#   bash bench/shed.sh [seconds] [connections]     (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-2000}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
[ "$(ulimit -n)" -ge $((conns + 1024)) ] || ulimit -n $((conns + 1024))
go build -o "$tmp/gongkai" ./cmd/gongkai
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

cat >"$tmp/search.lua" <<'LUA'
local words = {"低保", "公示", "救助", "补贴", "农机", "养老", "保险", "名单", "标准", "申请", "特困", "供养",
  "医疗", "教育", "住房", "审批", "结果", "办理", "条件", "材料", "流程", "时限", "政策", "解读", "资金",
  "发放", "对象", "临时", "残疾", "儿童"}
local units = {"", "610112", "610111", "610323", "610425", "610528"}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok, shed, other = 0, 0, 0; math.randomseed(os.time() + math.random(1000)) end
function request()
  local q = words[math.random(#words)] .. " " .. words[math.random(#words)]
  local u = units[math.random(#units)]
  local path = "/search?q=" .. q:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end) .. "&page=" .. math.random(1, 20)
  if u ~= "" then path = path .. "&unit=" .. u end
  return wrk.format("GET", path)
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then shed = shed + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local o, s, x = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); s = s + t:get("shed"); x = x + t:get("other") end
  io.write(string.format("STATUS ok=%d shed=%d other=%d errors=%d timeouts=%d\n", o, s, x,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
end
LUA

# probe NAME URL [cookie]: status and seconds of one request every 0.5 s until stopped.
probe() {
  while :; do
    curl -s -o /dev/null -m 10 ${3:+-H "Cookie: $3"} -w "%{http_code} %{time_total}\n" "$2" >>"$tmp/probe.$1" || echo "000 10" >>"$tmp/probe.$1"
    sleep 0.5
  done
}

summary() { # NAME: answered/sent, all 200?, median and max seconds
  python3 - "$tmp/probe.$1" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
ok = [float(t) for c, t in rows if c == "200"]
print(f"{len(ok)}/{len(rows)} answered 200, median {statistics.median(ok)*1000:.0f} ms, max {max(ok)*1000:.0f} ms" if ok else f"0/{len(rows)} answered 200")
PY
}

run() { # LABEL extra serve flags…
  local label=$1; shift
  local P; P=$(port)
  rm -rf "$tmp/data" "$tmp"/probe.*
  "$tmp/gongkai" serve --demo --addr 127.0.0.1:$P --db "sqlite:$tmp/data/g.db" --data "$tmp/data" "$@" >"$tmp/serve.out" 2>"$tmp/serve.log" &
  local pid=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$P/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  local pw; pw=$(awk '$1=="editor@610112" {print $2}' "$tmp/serve.out")
  local cookie; cookie=$(curl -s -o /dev/null -D - --data-urlencode "login=editor@610112" --data-urlencode "password=$pw" \
    "http://127.0.0.1:$P/login" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
  [ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }
  probe healthz "http://127.0.0.1:$P/healthz" & local p1=$!
  probe staff "http://127.0.0.1:$P/admin/orgs/610112/records" "$cookie" & local p2=$!
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$tmp/search.lua" "http://127.0.0.1:$P/" >"$tmp/wrk.out" 2>&1 || true
  kill $p1 $p2 2>/dev/null; wait $p1 $p2 2>/dev/null || true
  local rps p50 p99 st
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.out")
  st=$(grep STATUS "$tmp/wrk.out" | sed 's/STATUS //')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "$st" "$(summary healthz)" "$(summary staff)"
  kill $pid; wait $pid 2>/dev/null || true
}

echo "wrk -t2 -c$conns -d${secs}s, uncached searches; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%F)"
echo "| server | searches/s | p50 | p99 | answers | /healthz | staff page |"
echo "|---|---|---|---|---|---|---|"
run "gongkai, default bounds (--max-busy 6, --max-busy-staff 4)"
run "reference: same binary, bounds never reached (--max-busy 100000)" --max-busy 100000 --max-busy-staff 100000
