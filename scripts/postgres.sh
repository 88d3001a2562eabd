# Sourced by scripts/test.sh: a throwaway PostgreSQL server on a free loopback port for the
# storage tests, when the machine has PostgreSQL installed (Debian's postgresql package). It lives
# in a temporary folder and is stopped and removed when the test run ends.
start_throwaway_postgres() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL is not installed: the PostgreSQL storage tests will be skipped"
    return 0
  fi
  PG_TMP=$(mktemp -d)
  chmod 755 "$PG_TMP"
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "no 'postgres' user: PostgreSQL tests skipped"; return 0; }
    chown postgres "$PG_TMP"
    PG_AS=(runuser -u postgres --)
  fi
  local port
  port=$("${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${PG_AS[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U backcoach --auth=trust -E UTF8 >/dev/null
  "${PG_AS[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  PG_BIN="$bindir"
  trap stop_throwaway_postgres EXIT
  "${PG_AS[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U backcoach backcoach_test
  export BACKCOACH_TEST_POSTGRES_URL="postgresql+psycopg://backcoach@127.0.0.1:$port/backcoach_test"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for the storage tests"
}

stop_throwaway_postgres() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
