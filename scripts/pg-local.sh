#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and the local cluster: one data directory, loopback only, trust auth.
#   scripts/pg-local.sh start DIR PORT   initdb into DIR, start on 127.0.0.1:PORT, create database "live",
#                                        apply our schema, print the Npgsql connection string
#   scripts/pg-local.sh stop DIR         stop the server and delete DIR
# initdb refuses to run as root, so as root the server runs as the "postgres" user (created by Debian's package).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 2; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir="${2:?directory}"; port="${3:?port}"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    chmod 700 "$dir"
    # --no-sync and fsync=off: the data is thrown away, speed matters more than crash safety.
    as_owner "$bin/initdb" -D "$dir/data" -U live -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U live live
    "$here/db-init.sh" "Host=127.0.0.1;Port=$port;Username=live;Database=live" >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=live;Database=live"
    ;;
  stop)
    dir="${2:?directory}"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
