#!/usr/bin/env bash
# Drawbridge benchmark: pgbench through the gateway against a direct connection and PgBouncer, in
# one run, on loopback. Prints one table of medians and ratios (results: bench/RESULTS.md).
#
#   bench/run.sh                      # defaults: 10 s per run, 3 rounds, clients 1 8 64
#   DURATION=5 ROUNDS=1 bench/run.sh  # a quick look
#   GATEWAY_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/gw.jfr bench/run.sh  # with a profile
#   AUDIT_STORE=off bench/run.sh      # the audit journal without shipping to PostgreSQL
#   SCENARIOS=big-result,connections bench/run.sh   # only those (default: all three)
#   MODES=simple CLIENTS=8 bench/run.sh   # pgbench: only those modes (default: simple extended
#                                         # prepared tpcb)
#   IO_THREADS=1 bench/run.sh             # the gateway with that many event loops (gateway.ioThreads)
#   HOLD=/tmp/token SCENARIOS= bench/run.sh  # start everything, write the token there, and keep it
#                                         # running until interrupted (for a profiler)
#   WARMUP=3                              # seconds of each mode on each gateway connection before
#                                         # the pgbench scenario measures (JIT compilation)
#
# Scenarios (SCENARIOS, comma-separated):
#   pgbench     pgbench -S (simple, extended, prepared) at CLIENTS, and TPC-B at 8 clients
#   big-result  psql reads a generated 1,000,000-row table (~100 MB, created once) through each
#               target, the masked connection masking one of its columns (BIG_MASK_STRATEGY,
#               default partial): time, and the gateway's peak heap (jstat) and RSS (VmHWM)
#   connections CONNECTIONS (1000) connections opened at once (bench/ConnectionStorm.java, pgjdbc,
#               one virtual thread each) and held: time, and the gateway's RSS while they are open.
#               Each gateway session has its own upstream connection, so this scenario starts a
#               throwaway PostgreSQL cluster (initdb, max_connections 1100, port CONNS_PG_PORT)
#               as the upstream of all three targets, and stops it at the end
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
SCENARIOS=${SCENARIOS:-pgbench,big-result,connections}
MODES=${MODES:-"simple extended prepared tpcb"}
WARMUP=${WARMUP:-3}
BIG_MASK_STRATEGY=${BIG_MASK_STRATEGY:-partial}
CONNECTIONS=${CONNECTIONS:-1000}
CONNS_PG_PORT=${CONNS_PG_PORT:-16434}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
GATEWAY_PORT=${GATEWAY_PORT:-16432}
BOUNCER_PORT=${BOUNCER_PORT:-16433}
JAR=gateway-server/target/drawbridge.jar

log() { echo "bench: $*" >&2; }
selected() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
need() { command -v "$1" >/dev/null || { log "$1 is required ($2)"; exit 1; }; }
need pgbench "apt-get install postgresql-client"
need pgbouncer "apt-get install pgbouncer"
need psql "apt-get install postgresql-client"
[ -n "${JAVA_HOME:-}" ] || { log "set JAVA_HOME to a JDK 25"; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
conns_cluster=""
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$conns_cluster" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$conns_cluster" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$(dirname "$conns_cluster")"
  fi
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
if selected big-result && ! psql -d "$DB" -Atc "select 1 from bench_big limit 1" >/dev/null 2>&1; then
  log "creating bench_big: 1,000,000 rows, ~100 MB as text"
  psql -d "$DB" -qc "create table bench_big as select i as id, md5(i::text) as a,
    md5((-i)::text) as b, 'note ' || i as c from generate_series(1, 1000000) i" \
    -c "vacuum analyze bench_big"
fi

# the connections scenario's upstream: a throwaway cluster that takes CONNECTIONS backends and
# more (the shared one usually takes 100), stopped at exit
if selected connections; then
  [ -x "$PG_BIN/initdb" ] || { log "set PG_BIN to PostgreSQL's bin directory (initdb, pg_ctl)"; exit 1; }
  conns_cluster="$(mktemp -d)/pg" # outside $work, whose modes are opened for PgBouncer below
  chmod 755 "$(dirname "$conns_cluster")"
  mkdir -p "$conns_cluster" && chmod 700 "$conns_cluster"
  [ "$(id -u)" != 0 ] || chown postgres "$conns_cluster"
  as_postgres "$PG_BIN/initdb" -D "$conns_cluster" -U postgres -A trust --no-sync >/dev/null
  as_postgres "$PG_BIN/pg_ctl" -D "$conns_cluster" -l "$conns_cluster/log" -w start -o \
    "-c port=$CONNS_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=$((CONNECTIONS + 100)) -c shared_buffers=64MB -c fsync=off" \
    >"$work/conns-pg.log" 2>&1
fi

# --- the gateway, with a realistic grant set and masking on columns pgbench -S does not select
# the audit store the gateway ships its journal to, fresh each run (AUDIT_STORE=off: the journal
# alone, to see what shipping costs)
store=""
# without a store nothing is ever shipped and trimmed: the journal keeps every record, so it may
# grow past its default 1GiB bound over a run (the gateway then refuses statements, fail-closed)
journal_max=16GiB
if [ "${AUDIT_STORE:-on}" != off ]; then
  journal_max=1GiB
  psql -d postgres -qc "drop database if exists $AUDIT_DB" -c "create database $AUDIT_DB" >/dev/null
  store="store: { postgres: { url: \"jdbc:postgresql://$PG_HOST:$PG_PORT/$AUDIT_DB\", username: $PG_USER, password: \"\${env:BENCH_PG_PASSWORD}\" } }"
fi

export BENCH_TOKEN_SECRET=$(openssl rand -hex 32)
export BENCH_MASKING_KEY=$(openssl rand -hex 32)
cat >"$work/drawbridge.yaml" <<EOF
gateway: { name: bench, maskingKey: "\${env:BENCH_MASKING_KEY}"${IO_THREADS:+, ioThreads: $IO_THREADS} }
audit: { journal: "$work/journal", maxSize: $journal_max }
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
      - { columns: ["public.bench_big.b"], strategy: $BIG_MASK_STRATEGY }
EOF
connections="bench bench-masked"
if selected connections; then
  connections+=" bench-conns"
  cat >>"$work/drawbridge.yaml" <<EOF
  - name: bench-conns
    type: postgres
    upstream: { host: 127.0.0.1, port: $CONNS_PG_PORT, database: postgres, tls: disable }
    credential: { username: postgres, password: unused-with-trust }
EOF
fi
echo "grants:" >>"$work/drawbridge.yaml"
for connection in $connections; do
  cat >>"$work/drawbridge.yaml" <<EOF
  - id: bench-bot-$connection
    subject: { agent: bench-bot }
    connection: $connection
    allow:
      - { actions: [read, write], tables: ["public.pgbench_*", "public.bench_*"] }
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
conns = host=127.0.0.1 port=$CONNS_PG_PORT dbname=postgres user=postgres pool_size=$CONNECTIONS
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = session
max_client_conn = $((CONNECTIONS + 100))
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
SHIPPER_THREAD=drawbridge-audi # thread names are cut to 15 characters: drawbridge-audit-shipper

# CPU time (clock ticks) a process has used, all its threads or (with a second argument) only the
# threads whose name starts with it
ticks() {
  local pid=$1 prefix=${2:-} total=0 task name rest
  if [ -z "$prefix" ]; then
    awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0
    return
  fi
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    [[ $name == "$prefix"* ]] || continue
    rest=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "$task/stat" 2>/dev/null) || continue
    total=$((total + rest))
  done
  echo "$total"
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))
# CPU time (clock ticks) the whole machine has been busy: every process, the kernel, interrupts
busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# one pgbench run; prints "tps latency_ms cpu_us_per_tx shipper_us_per_tx machine_us_per_tx", the
# CPU being that of the process serving the target (none for direct), of the gateway's audit
# shipper, and of the whole machine (pgbench, PostgreSQL with the audit database's inserts, ...)
run() {
  local target=$1 mode=$2 clients=$3 script=$4
  local jobs=$(( clients < 2 ? 1 : 2 ))
  local out pid=""
  case "$target" in
    pgbouncer) pid=$bouncer ;;
    drawbridge*) pid=$gateway ;;
  esac
  local cpu0=0 ship0=0 busy0
  if [ -n "$pid" ]; then cpu0=$(ticks "$pid"); ship0=$(ticks "$pid" "$SHIPPER_THREAD"); fi
  busy0=$(busy)
  # shellcheck disable=SC2046
  out=$(PGPASSWORD="$token" pgbench -n $script -M "$mode" -c "$clients" -j "$jobs" \
    -T "$DURATION" $(target_args "$target") 2>&1) || { echo "$out" >&2; echo "0 0 0 0 0"; return; }
  local cpu=0 ship=0 machine=$(( $(busy) - busy0 ))
  if [ -n "$pid" ]; then
    cpu=$(( $(ticks "$pid") - cpu0 ))
    ship=$(( $(ticks "$pid" "$SHIPPER_THREAD") - ship0 ))
  fi
  if [ "$target" = pgbouncer ]; then
    sleep 2 # let PgBouncer close its idle server connections before the next target needs them
  fi
  local tps lat txs
  tps=$(echo "$out" | awk '/^tps = / {print $3; exit}')
  lat=$(echo "$out" | awk '/^latency average = / {print $4; exit}')
  txs=$(echo "$out" | awk '/^number of transactions actually processed: / {print $NF; exit}')
  awk -v tps="${tps:-0}" -v lat="${lat:-0}" -v n="${txs:-0}" -v c="$cpu" -v s="$ship" -v m="$machine" \
    -v us="$TICK_US" 'function per(t) { return n > 0 ? t * us / n : 0 }
      BEGIN { printf "%s %s %.1f %.1f %.1f\n", tps, lat, per(c), per(s), per(m) }'
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

gateway=${pids[0]}
bouncer=${pids[1]}
kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

if [ -n "${HOLD:-}" ]; then
  # keep everything running for a profiler or a manual run, until interrupted; then stop it all
  # (the EXIT trap) and run nothing else
  trap 'exit 130' INT TERM
  echo "$token" >"$HOLD"
  log "holding (token in $HOLD): gateway pid $gateway on 127.0.0.1:$GATEWAY_PORT, PgBouncer on $BOUNCER_PORT; Ctrl-C stops"
  log "e.g. PGPASSWORD=\$(cat $HOLD) pgbench -n -S -c 8 -j 2 -T 10 $(target_args drawbridge)"
  while kill -0 "$gateway" 2>/dev/null; do sleep 1; done
  log "the gateway has stopped"
  exit 1
fi

if selected pgbench; then
  printf '%-24s %7s' scenario clients
  for t in $TARGETS; do printf ' %12s' "$t"; done
  printf ' %9s %9s %9s %12s %10s %10s %10s %10s %10s %10s\n' "db/direct" "db/bouncer" "masked/dir" "db +lat(us)" \
    "pgb us/tx" "db us/tx" "ship us/tx" "all:direct" "all:pgb" "all:db"

  scenario() {
    local label=$1 mode=$2 clients=$3 script=$4
    declare -A tps lat cpu ship machine
    for t in $TARGETS; do tps[$t]=""; lat[$t]=""; cpu[$t]=""; ship[$t]=""; machine[$t]=""; done
    for _ in $(seq 1 "$ROUNDS"); do
      for t in $TARGETS; do
        read -r x l c s m < <(run "$t" "$mode" "$clients" "$script")
        tps[$t]+="$x"$'\n'
        lat[$t]+="$l"$'\n'
        cpu[$t]+="$c"$'\n'
        ship[$t]+="$s"$'\n'
        machine[$t]+="$m"$'\n'
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
      'BEGIN { printf " %9.2f %9.2f %9.2f %12.0f", g/d, g/b, k/d, (lg-ld)*1000 }'
    printf ' %10.1f %10.1f %10.1f' "$(printf '%s' "${cpu[pgbouncer]}" | median)" \
      "$(printf '%s' "${cpu[drawbridge]}" | median)" "$(printf '%s' "${ship[drawbridge]}" | median)"
    printf ' %10.1f %10.1f %10.1f\n' "$(printf '%s' "${machine[direct]}" | median)" \
      "$(printf '%s' "${machine[pgbouncer]}" | median)" "$(printf '%s' "${machine[drawbridge]}" | median)"
  }

  # the gateway's JIT compiles its hot paths during the first seconds of load: warm it up first, so
  # that neither the first scenario's figures nor its CPU per transaction carry the compilation
  for mode in simple extended prepared; do
    for t in drawbridge drawbridge-masked; do
      # shellcheck disable=SC2046
      PGPASSWORD="$token" pgbench -n -S -M "$mode" -c 4 -j 2 -T "$WARMUP" $(target_args "$t") \
        >/dev/null 2>&1 || true
    done
  done

  for mode in $MODES; do
    if [ "$mode" = tpcb ]; then
      scenario "tpc-b (default)" prepared 8 ""
      continue
    fi
    for c in $CLIENTS; do
      scenario "pgbench -S -M $mode" "$mode" "$c" "-S"
    done
  done

  log "gateway log: $(grep -c . "$work/gateway.log") lines; peak RSS $(( $(kib "$gateway" VmHWM) / 1024 )) MiB"
fi

if selected big-result; then
  # one psql read of the whole table through a target; prints seconds
  read_big() {
    local target=$1 start end
    start=$(date +%s%N)
    # shellcheck disable=SC2046
    PGPASSWORD="$token" psql -X -q -A -t -o /dev/null -c "select * from bench_big" \
      $(target_args "$target") || { echo 0; return; }
    end=$(date +%s%N)
    if [ "$target" = pgbouncer ]; then sleep 2; fi
    awk -v n=$((end - start)) 'BEGIN { printf "%.3f\n", n / 1e9 }'
  }
  size=$(psql -d "$DB" -Atc "select pg_size_pretty(pg_relation_size('bench_big'))")
  hwm_before=$(kib "$gateway" VmHWM)
  "$JAVA_HOME/bin/jstat" -gc "$gateway" 250 >"$work/jstat.log" 2>&1 &
  jstat_pid=$!
  pids+=("$jstat_pid")
  # one untimed read through each gateway connection first: its JIT compiles the row path
  read_big drawbridge >/dev/null
  read_big drawbridge-masked >/dev/null
  declare -A secs
  for t in $TARGETS; do secs[$t]=""; done
  for _ in $(seq 1 "$ROUNDS"); do
    for t in $TARGETS; do secs[$t]+="$(read_big "$t")"$'\n'; done
  done
  kill "$jstat_pid" 2>/dev/null || true
  printf '\n%-32s' "1,000,000-row result ($size)"
  for t in $TARGETS; do printf ' %17s' "$t"; done
  printf '\n%-32s' "seconds (median of $ROUNDS)"
  declare -A big
  for t in $TARGETS; do
    big[$t]=$(printf '%s' "${secs[$t]}" | median)
    printf ' %17.2f' "${big[$t]}"
  done
  printf '\n%-32s' "throughput / direct"
  for t in $TARGETS; do
    awk -v d="${big[direct]}" -v x="${big[$t]}" 'BEGIN { printf " %17.2f", (x > 0 ? d / x : 0) }'
  done
  printf '\n'
  # heap in use at each sample (survivors, eden, old), in MiB; collections during the scenario
  awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
       $1 ~ /^[0-9.]+$/ {
         used = ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024
         if (used > max) max = used
         if (!y0) { y0 = $col["YGC"]; f0 = $col["FGC"] }
         y = $col["YGC"]; f = $col["FGC"]
       }
       END { printf "bench: gateway heap (-Xmx256m): at most %.0f MiB in use (jstat every 250 ms); %d young, %d full collections\n", max, y - y0, f - f0 }' \
    "$work/jstat.log" >&2
  log "gateway peak RSS (VmHWM): $((hwm_before / 1024)) MiB before this scenario, $(( $(kib "$gateway" VmHWM) / 1024 )) MiB after; PgBouncer's: $(( $(kib "$bouncer" VmHWM) / 1024 )) MiB"
fi

if selected connections; then
  # CONNECTIONS connections at once through a target to the throwaway cluster; prints
  # "ok failed all_ms p50_ms p99_ms upstream_backends rss_kib hwm_kib" (see ConnectionStorm.java)
  storm() {
    local target=$1 url user pid=0
    case "$target" in
      direct) url="jdbc:postgresql://127.0.0.1:$CONNS_PG_PORT/postgres" user=postgres ;;
      pgbouncer) url="jdbc:postgresql://127.0.0.1:$BOUNCER_PORT/conns" user=postgres pid=$bouncer ;;
      drawbridge) url="jdbc:postgresql://127.0.0.1:$GATEWAY_PORT/bench-conns" user=bench-bot pid=$gateway ;;
    esac
    "$JAVA_HOME/bin/java" -cp "$JAR" bench/ConnectionStorm.java "$url" "$user" "$token" \
      "$CONNECTIONS" "${CONNS_HOLD_MS:-2000}" "$pid" \
      "jdbc:postgresql://127.0.0.1:$CONNS_PG_PORT/postgres?user=postgres&sslmode=disable" ||
      echo "0 $CONNECTIONS 0 0 0 0 0 0"
    # until every upstream connection of this run is gone (PgBouncer keeps idle ones for 1 s)
    for _ in $(seq 1 120); do
      [ "$(psql -h 127.0.0.1 -p "$CONNS_PG_PORT" -U postgres -d postgres -Atc \
        "select count(*) from pg_stat_activity where backend_type = 'client backend'")" -le 1 ] && break
      sleep 0.5
    done
  }
  rss_before=$(kib "$gateway" VmRSS)
  printf '\n%-12s %6s %6s %9s %8s %8s %9s %9s %9s\n' "$CONNECTIONS conns" ok failed "all (ms)" \
    "p50 (ms)" "p99 (ms)" upstream "RSS (MiB)" "HWM (MiB)"
  for t in direct pgbouncer drawbridge; do
    results=""
    for _ in $(seq 1 "$ROUNDS"); do results+="$(storm "$t")"$'\n'; done
    # the round with the median time to open them all; RSS at its largest
    printf '%s' "$results" | sort -n -k3 | awk -v t="$t" -v r="$ROUNDS" '
      { line[NR] = $0; if ($7 > rss) rss = $7; if ($8 > hwm) hwm = $8 }
      END { split(line[int((NR + 1) / 2)], f, " ")
            printf "%-12s %6d %6d %9d %8.1f %8.1f %9d %9s %9s\n", t, f[1], f[2], f[3], f[4], f[5], f[6],
              rss ? sprintf("%.0f", rss / 1024) : "-", hwm ? sprintf("%.0f", hwm / 1024) : "-" }'
  done
  log "gateway RSS before the connections scenario: $((rss_before / 1024)) MiB; RSS and HWM above are the process's (gateway, PgBouncer) while all were open"
fi

# what the audit trail holds: every statement above, shipped from the gateway's journal
[ -n "$store" ] || { log "audit: journal only (AUDIT_STORE=off), nothing shipped"; exit 0; }
events() { psql -d "$AUDIT_DB" -Atc "select count(*) from audit.events" 2>/dev/null || echo 0; }
start=$(date +%s); last=-1; now=$(events)
while [ "$now" != "$last" ]; do last=$now; sleep 2; now=$(events); done
log "audit: $now events in $AUDIT_DB; the shipper had caught up $(( $(date +%s) - start - 2 ))s after the last run"
