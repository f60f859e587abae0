#!/usr/bin/env bash
# Drawbridge benchmark: pgbench through the gateway against a direct connection and PgBouncer, in
# one run, on loopback. Prints one table of medians and ratios (results: bench/RESULTS.md).
#
#   bench/run.sh                      # defaults: 10 s per run, 3 rounds, clients 1 8 64
#   DURATION=5 ROUNDS=1 bench/run.sh  # a quick look
#   GATEWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/gw.jfr bench/run.sh  # with a profile
#   AUDIT_STORE=off bench/run.sh      # the audit journal without shipping to PostgreSQL
#
# Needs: a JDK 25 (JAVA_HOME), pgbench, pgbouncer, and a PostgreSQL that trusts local
# connections of PG_USER on PG_HOST:PG_PORT (default postgres@127.0.0.1:5432). It creates the
# database drawbridge_bench there (pgbench -i -s SCALE), builds the jar if needed, starts the
# gateway and PgBouncer on free loopback ports, and stops both when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
export BENCH_PG_PASSWORD=${PG_PASSWORD:-unused-with-trust}
DB=${DB:-drawbridge_bench}
AUDIT_DB=${AUDIT_DB:-drawbridge_bench_audit}
SCALE=${SCALE:-10}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-"1 8 64"}
GATEWAY_PORT=${GATEWAY_PORT:-16432}
BOUNCER_PORT=${BOUNCER_PORT:-16433}
JAR=gateway-server/target/drawbridge.jar

log() { echo "bench: $*" >&2; }
need() { command -v "$1" >/dev/null || { log "$1 is required ($2)"; exit 1; }; }
need pgbench "apt-get install postgresql-client"
need pgbouncer "apt-get install pgbouncer"
need psql "apt-get install postgresql-client"
[ -n "${JAVA_HOME:-}" ] || { log "set JAVA_HOME to a JDK 25"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
  log "building $JAR"
  ./mvnw -B -q package -DskipTests >/dev/null
fi

export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER
if ! psql -d "$DB" -Atc "select 1 from pgbench_accounts limit 1" >/dev/null 2>&1; then
  log "initialising $DB with pgbench -i -s $SCALE"
  psql -d postgres -qc "drop database if exists $DB" -c "create database $DB"
  pgbench -i -q -s "$SCALE" "$DB" >/dev/null 2>&1
fi

# --- the gateway, with a realistic grant set and masking on columns pgbench -S does not select
# the audit store the gateway ships its journal to, fresh each run (AUDIT_STORE=off: the journal
# alone, to see what shipping costs)
store=""
if [ "${AUDIT_STORE:-on}" != off ]; then
  psql -d postgres -qc "drop database if exists $AUDIT_DB" -c "create database $AUDIT_DB" >/dev/null
  store="store: { postgres: { url: \"jdbc:postgresql://$PG_HOST:$PG_PORT/$AUDIT_DB\", username: $PG_USER, password: \"\${env:BENCH_PG_PASSWORD}\" } }"
fi

export BENCH_TOKEN_SECRET=$(openssl rand -hex 32)
export BENCH_MASKING_KEY=$(openssl rand -hex 32)
cat >"$work/drawbridge.yaml" <<EOF
gateway: { name: bench, maskingKey: "\${env:BENCH_MASKING_KEY}" }
audit: { journal: "$work/journal" }
$store
listeners:
  postgres: { bind: "127.0.0.1:$GATEWAY_PORT", allowPlaintext: true, idleTimeout: 0s }
identity:
  issuers:
    - { issuer: drawbridge, hmacSecret: "\${env:BENCH_TOKEN_SECRET}", audience: drawbridge }
connections:
  - name: bench
    type: postgres
    upstream: { host: $PG_HOST, port: $PG_PORT, database: $DB, tls: disable }
    credential: { username: $PG_USER, password: "\${env:BENCH_PG_PASSWORD}" }
  - name: bench-masked
    type: postgres
    upstream: { host: $PG_HOST, port: $PG_PORT, database: $DB, tls: disable }
    credential: { username: $PG_USER, password: "\${env:BENCH_PG_PASSWORD}" }
    masking:
      - { columns: ["public.pgbench_accounts.filler", "public.pgbench_branches.filler"], strategy: redact }
      - { columns: ["public.pgbench_tellers.filler"], strategy: hash }
grants:
EOF
for connection in bench bench-masked; do
  cat >>"$work/drawbridge.yaml" <<EOF
  - id: bench-bot-$connection
    subject: { agent: bench-bot }
    connection: $connection
    allow:
      - { actions: [read, write], tables: ["public.pgbench_*"] }
      - { actions: [session] }
    deny:
      - { actions: [read], tables: ["public.pgbench_history"], columns: [mtime] }
    owner: bench@example.com
    reason: benchmark
    expires: 2099-12-31
  - id: analysts-$connection
    subject: { group: analysts }
    connection: $connection
    allow: [ { actions: [read], tables: ["public.*", "reporting.*"] } ]
    owner: bench@example.com
    reason: benchmark
    expires: 2099-12-31
  - id: support-$connection
    subject: { agent: support-bot }
    connection: $connection
    allow: [ { actions: [read], tables: ["public.pgbench_accounts"], columns: [aid, abalance] } ]
    review: [ { actions: [write], tables: ["public.pgbench_accounts"] } ]
    owner: bench@example.com
    reason: benchmark
    expires: 2099-12-31
EOF
done

"$JAVA_HOME/bin/java" -Xmx256m ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" serve --config "$work/drawbridge.yaml" \
  >"$work/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  grep -q "postgres listener bound" "$work/gateway.log" 2>/dev/null && break
  sleep 0.2
done
grep -q "postgres listener bound" "$work/gateway.log" || { cat "$work/gateway.log"; exit 1; }
token=$("$JAVA_HOME/bin/java" -jar "$JAR" token mint --config "$work/drawbridge.yaml" \
  --agent bench-bot --ttl 2h 2>/dev/null)

# --- PgBouncer in session mode, same upstream
cat >"$work/pgbouncer.ini" <<EOF
[databases]
$DB = host=$PG_HOST port=$PG_PORT dbname=$DB user=$PG_USER
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = session
max_client_conn = 1000
default_pool_size = 64
server_idle_timeout = 1
unix_socket_dir =
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
EOF
echo "\"$PG_USER\" \"\"" >"$work/userlist.txt"
chmod -R a+rwX "$work"
if [ "$(id -u)" = 0 ]; then
  pgbouncer -u postgres "$work/pgbouncer.ini" >"$work/pgbouncer.out" 2>&1 & # it refuses root
else
  pgbouncer "$work/pgbouncer.ini" >"$work/pgbouncer.out" 2>&1 &
fi
pids+=($!)
sleep 1
kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/pgbouncer.out" "$work/pgbouncer.log"; exit 1; }

# --- targets: name, then the pgbench connection options
target_args() {
  case "$1" in
    direct) echo "-h $PG_HOST -p $PG_PORT -U $PG_USER $DB" ;;
    pgbouncer) echo "-h 127.0.0.1 -p $BOUNCER_PORT -U $PG_USER $DB" ;;
    drawbridge) echo "-h 127.0.0.1 -p $GATEWAY_PORT -U bench-bot bench" ;;
    drawbridge-masked) echo "-h 127.0.0.1 -p $GATEWAY_PORT -U bench-bot bench-masked" ;;
  esac
}
TARGETS="direct pgbouncer drawbridge drawbridge-masked"

# one pgbench run; prints "tps latency_ms"
run() {
  local target=$1 mode=$2 clients=$3 script=$4
  local jobs=$(( clients < 2 ? 1 : 2 ))
  local out
  # shellcheck disable=SC2046
  out=$(PGPASSWORD="$token" pgbench -n $script -M "$mode" -c "$clients" -j "$jobs" \
    -T "$DURATION" $(target_args "$target") 2>&1) || { echo "$out" >&2; echo "0 0"; return; }
  if [ "$target" = pgbouncer ]; then
    sleep 2 # let PgBouncer close its idle server connections before the next target needs them
  fi
  local tps lat
  tps=$(echo "$out" | awk '/^tps = / {print $3; exit}')
  lat=$(echo "$out" | awk '/^latency average = / {print $4; exit}')
  echo "${tps:-0} ${lat:-0}"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '%-24s %7s' scenario clients
for t in $TARGETS; do printf ' %12s' "$t"; done
printf ' %9s %9s %9s %12s\n' "db/direct" "db/bouncer" "masked/dir" "db +lat(us)"

scenario() {
  local label=$1 mode=$2 clients=$3 script=$4
  declare -A tps lat
  for t in $TARGETS; do tps[$t]=""; lat[$t]=""; done
  for _ in $(seq 1 "$ROUNDS"); do
    for t in $TARGETS; do
      read -r x l < <(run "$t" "$mode" "$clients" "$script")
      tps[$t]+="$x"$'\n'
      lat[$t]+="$l"$'\n'
    done
  done
  printf '%-24s %7s' "$label" "$clients"
  declare -A m ml
  for t in $TARGETS; do
    m[$t]=$(printf '%s' "${tps[$t]}" | median)
    ml[$t]=$(printf '%s' "${lat[$t]}" | median)
    printf ' %12.0f' "${m[$t]}"
  done
  awk -v d="${m[direct]}" -v b="${m[pgbouncer]}" -v g="${m[drawbridge]}" -v k="${m[drawbridge-masked]}" \
    -v ld="${ml[direct]}" -v lg="${ml[drawbridge]}" \
    'BEGIN { printf " %9.2f %9.2f %9.2f %12.0f\n", g/d, g/b, k/d, (lg-ld)*1000 }'
}

for mode in simple extended prepared; do
  for c in $CLIENTS; do
    scenario "pgbench -S -M $mode" "$mode" "$c" "-S"
  done
done
scenario "tpc-b (default)" prepared 8 ""

log "gateway log: $(grep -c . "$work/gateway.log") lines; peak RSS $(ps -o rss= -p "${pids[0]}" 2>/dev/null || echo ?) KiB (current)"

# what the audit trail holds: every statement above, shipped from the gateway's journal
[ -n "$store" ] || { log "audit: journal only (AUDIT_STORE=off), nothing shipped"; exit 0; }
events() { psql -d "$AUDIT_DB" -Atc "select count(*) from audit.events" 2>/dev/null || echo 0; }
start=$(date +%s); last=-1; now=$(events)
while [ "$now" != "$last" ]; do last=$now; sleep 2; now=$(events); done
log "audit: $now events in $AUDIT_DB; the shipper had caught up $(( $(date +%s) - start - 2 ))s after the last run"
