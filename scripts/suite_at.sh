#!/usr/bin/env bash
# The whole suite on PostgreSQL with every process's clock moved to another moment
# (libfaketime, `apt-get install faketime`), to show the tests do not care what time it is.
#   scripts/suite_at.sh "2026-12-12 22:00:00"   # a UTC moment; extra arguments go to pytest
# The clock is moved by an offset, so the processes a test starts agree with it.
# CI needs none of this: the tests hold at any moment on their own.
set -euo pipefail
cd "$(dirname "$0")/.."
moment=$1
shift
offset=$(($(date -u -d "$moment" +%s) - $(date -u +%s)))
db="hwypt_at_$(date -u -d "$moment" +%Y%m%d%H%M)"
psql_admin() { psql -q -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_admin -c "DROP DATABASE IF EXISTS test_$db" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql_admin -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS test_$db" || true' EXIT
echo "Clock moved to $moment UTC (offset ${offset}s)"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" DJANGO_DEBUG=1 \
  DJANGO_SECRET_KEY=development-only-key faketime -f "+${offset}s" .venv/bin/pytest "$@"
