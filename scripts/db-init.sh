#!/usr/bin/env bash
# Applies Live's PostgreSQL schema (src/Silo/Sql/postgresql.sql): the tables and queries of Orleans' clustering,
# grain storage and reminders. Safe to run again; it keeps existing data.
#   scripts/db-init.sh "Host=db;Port=5432;Username=live;Password=…;Database=live"   (the Live:Cluster:ConnectionString)
#   scripts/db-init.sh "postgresql://live:…@db:5432/live"                            (a psql URL or conninfo)
set -euo pipefail
schema="$(cd "$(dirname "$0")/.." && pwd)/src/Silo/Sql/postgresql.sql"
target="${1:?usage: $0 \"<connection string or postgresql:// URL>\"}"

# An Npgsql connection string (Key=Value;Key=Value) becomes libpq's conninfo (key=value key=value).
if [[ "$target" != postgres://* && "$target" != postgresql://* && ( "$target" == *";"* || "$target" != *" "* ) ]]; then
  conninfo=()
  IFS=';' read -ra pairs <<<"$target"
  for pair in "${pairs[@]}"; do
    [[ -z "${pair// }" ]] && continue
    key=$(echo "${pair%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value="${pair#*=}"
    # libpq quoting: the value in single quotes, with backslashes and quotes escaped.
    value="${value//\\/\\\\}"; value="${value//\'/\\\'}"; value="'$value'"
    case "$key" in
      host|server) conninfo+=("host=$value") ;;
      port) conninfo+=("port=$value") ;;
      username|userid|user) conninfo+=("user=$value") ;;
      password) conninfo+=("password=$value") ;;
      database|db) conninfo+=("dbname=$value") ;;
      sslmode) conninfo+=("sslmode=$(echo "$value" | tr '[:upper:]' '[:lower:]')") ;;
      timeout) conninfo+=("connect_timeout=$value") ;;
      *) ;;  # pooling and other client-side settings mean nothing to psql
    esac
  done
  target="${conninfo[*]}"
fi

psql "$target" -X -q -v ON_ERROR_STOP=1 -f "$schema"
echo "Schema applied: $schema"
