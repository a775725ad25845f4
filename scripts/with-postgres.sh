#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server: install Debian's postgresql if it is
# missing, start a private cluster on a free port (socket in a temp folder, nothing shared
# with any other server), create a database, export TEST_DATABASE_URL, run the command, and
# remove the cluster whatever happens.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  echo "Installing Debian's postgresql package..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

workdir=$(mktemp -d /tmp/quiz-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = 0 ]; then  # PostgreSQL refuses to run as root
  chown postgres "$workdir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses='' -c fsync=off" start >/dev/null
"${as_owner[@]}" "$bindir/createdb" -h "$workdir" -p "$port" -U postgres quiz_test

export TEST_DATABASE_URL="postgresql+psycopg://postgres@/quiz_test?host=$workdir&port=$port"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $workdir:$port"
"$@"
