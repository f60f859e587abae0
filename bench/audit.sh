#!/usr/bin/env bash
# Sustained audit throughput: events recorded through the journal and shipped to PostgreSQL, on
# this machine. Prints the journal append rate and the end-to-end rate.
#
#   bench/audit.sh                       # 20 s, 2 threads, database drawbridge_bench_audit
#   SECONDS_RUN=60 THREADS=4 bench/audit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-unused-with-trust}
DB=${AUDIT_DB:-drawbridge_bench_audit}
SECONDS_RUN=${SECONDS_RUN:-20}
THREADS=${THREADS:-2}
[ -n "${JAVA_HOME:-}" ] || { echo "bench: set JAVA_HOME to a JDK 25" >&2; exit 1; }

export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER
psql -d postgres -qc "drop database if exists $DB" -c "create database $DB" >/dev/null

./mvnw -B -q -pl audit-store -am test-compile -Dspotless.check.skip=true >/dev/null
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
./mvnw -B -q -pl audit-store dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null
"$JAVA_HOME/bin/java" -cp "audit-store/target/test-classes:audit-store/target/classes:$(cat "$cp")" \
  dev.drawbridge.audit.bench.AuditThroughput \
  "jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" "$PG_USER" "$PG_PASSWORD" "$SECONDS_RUN" "$THREADS"
