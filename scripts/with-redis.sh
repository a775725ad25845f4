#!/usr/bin/env bash
# Run a command against a throw-away Redis server: install Debian's redis-server if it is
# missing, start a private server on a free loopback port (no persistence: nothing written to
# disk, nothing shared with any other server), export TEST_REDIS_URL, run the command, and
# stop the server whatever happens.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Debian's redis-server package..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

workdir=$(mktemp -d /tmp/quiz-redis.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  if [ -s "$workdir/redis.pid" ]; then
    pid=$(cat "$workdir/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$workdir" \
  --daemonize yes --pidfile "$workdir/redis.pid" --logfile "$workdir/redis.log"
for _ in $(seq 100); do
  [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ] && break
  sleep 0.1
done
[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ] || {
  echo "Redis did not start:" >&2; cat "$workdir/redis.log" >&2; exit 1; }

export TEST_REDIS_URL="redis://127.0.0.1:$port/0"
echo "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$port"
"$@"
