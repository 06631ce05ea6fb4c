#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, the same in CI and on a developer's machine.
#
# Sourced (what .ci/run does):
#     source .ci/postgres.sh && pg_test_start && trap pg_test_stop EXIT
# Run by hand (the server keeps running until you stop it):
#     eval "$(bash .ci/postgres.sh start)"     # starts it, prints `export PERFGOALS_TEST_PG=…`
#     bash .ci/postgres.sh stop
#
# The cluster lives in a temporary directory owned by the postgres user (initdb refuses to run
# as root), listens on 127.0.0.1 only, trusts local connections and is deleted when stopped.
# Sourced starts are private to that shell; `start` by hand keeps its state in one file, so one
# hand-started server at a time. PostgreSQL is installed from Debian's packages when it is missing (needs root).

PG_TEST_STATE="${PERFGOALS_PG_STATE:-${TMPDIR:-/tmp}/perfgoals-pg.state}"

_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
    done | sort -V | tail -n 1
}

_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_pg_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_test_start() {
    local bin port dir
    bin="$(_pg_bin)"
    if [ -z "$bin" ]; then
        echo "installing PostgreSQL from Debian's packages" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin="$(_pg_bin)"
    fi
    if [ -z "$bin" ]; then
        echo "postgres.sh: no PostgreSQL server binaries found" >&2
        return 2
    fi
    port="${PERFGOALS_PG_PORT:-54329}"
    while _pg_port_in_use "$port"; do port=$((port + 1)); done
    dir="$(mktemp -d "${TMPDIR:-/tmp}/perfgoals-pg.XXXXXX")"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    _pg_as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 2; }
    _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" \
        start >/dev/null || { cat "$dir/server.log" >&2; return 2; }
    _pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres perfgoals_test \
        || { cat "$dir/server.log" >&2; return 2; }
    PG_TEST_BIN="$bin"
    PG_TEST_DIR="$dir"
    export PERFGOALS_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$port/perfgoals_test"
    echo "PostgreSQL test server on port $port (data in $dir)" >&2
}

pg_test_stop() {
    [ -n "${PG_TEST_DIR:-}" ] || return 0
    _pg_as_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
    PG_TEST_DIR=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        start)
            pg_test_start
            printf '%s\n%s\n' "$PG_TEST_BIN" "$PG_TEST_DIR" >"$PG_TEST_STATE"
            echo "export PERFGOALS_TEST_PG=$PERFGOALS_TEST_PG"
            ;;
        stop)
            if [ -f "$PG_TEST_STATE" ]; then
                { read -r PG_TEST_BIN; read -r PG_TEST_DIR; } <"$PG_TEST_STATE"
                pg_test_stop
                rm -f "$PG_TEST_STATE"
            fi
            ;;
        *) echo "usage: bash .ci/postgres.sh start|stop" >&2; exit 2 ;;
    esac
fi
