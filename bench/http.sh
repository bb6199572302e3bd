#!/usr/bin/env bash
# Record-page throughput under wrk, beside nginx serving the same page as a static file and a
# bare net/http handler writing the same bytes from memory, in one run on this machine.
#   bash bench/http.sh [seconds]        (needs wrk and nginx: apt-get install wrk nginx-light)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx"; exit 1; }
go build -o "$tmp/gongkai" ./cmd/gongkai
go build -o "$tmp/bare" ./bench/bare
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
P1=$(port); P2=$(port); P3=$(port); P4=$(port)
"$tmp/gongkai" serve --demo --addr 127.0.0.1:$P1 --db "sqlite:$tmp/g.db" --data "$tmp/data" >"$tmp/serve.log" 2>&1 &
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$P1/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
page=$(curl -fsS "http://127.0.0.1:$P1/610112/" | grep -o '/610112/records/[0-9]*' | head -1)
curl -fsS "http://127.0.0.1:$P1$page" -o "$tmp/page.html" -D "$tmp/headers.txt"
mkdir -p "$tmp/www"; cp "$tmp/page.html" "$tmp/www/page.html"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$P2; root $tmp/www; location / { types { text/html html; } } }
  client_body_temp_path $tmp; proxy_temp_path $tmp; fastcgi_temp_path $tmp; uwsgi_temp_path $tmp; scgi_temp_path $tmp;
}
CONF
nginx -c "$tmp/nginx.conf" -g 'daemon off;' &
"$tmp/bare" -addr 127.0.0.1:$P3 -file "$tmp/page.html" &
"$tmp/bare" -addr 127.0.0.1:$P4 -file "$tmp/page.html" -headers "$tmp/headers.txt" &
sleep 1
run() { # name url
  wrk -t2 -c50 -d${secs}s --latency "$2" >"$tmp/wrk.out"
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/wrk.out")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/wrk.out")
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$tmp/rps.$3"
}
echo "record page $page, $(wc -c <"$tmp/page.html") bytes; wrk -t2 -c50 -d${secs}s; $(nproc) cores; $(date -u +%F)"
echo "| server | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
run "gongkai record page" "http://127.0.0.1:$P1$page" g
run "bare net/http handler, same bytes" "http://127.0.0.1:$P3/" b
run "bare handler with gongkai's response headers" "http://127.0.0.1:$P4/" h
run "nginx static file, same bytes" "http://127.0.0.1:$P2/page.html" n
python3 -c "g=float(open('$tmp/rps.g').read());b=float(open('$tmp/rps.b').read());h=float(open('$tmp/rps.h').read());n=float(open('$tmp/rps.n').read());print(f'gongkai / bare handler = {g/b:.2f}; gongkai / bare handler with the same headers = {g/h:.2f}; bare handler / nginx = {b/n:.2f}')"
