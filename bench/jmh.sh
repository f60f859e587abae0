#!/usr/bin/env bash
# JMH benchmarks of the gateway's hot paths (the benchmarks module, built only with -Pbench): frame
# decoding, statement classification (cached and uncached), grant decisions, masking per cell and
# journal appends. Prints JMH's table; results: bench/RESULTS.md.
#
#   bench/jmh.sh                          # short: 2 warm-up and 3 measured 1 s iterations, 1 fork
#   bench/jmh.sh Classify                 # only benchmarks matching a regular expression
#   JMH_OPTS="-wi 5 -i 10 -f 2" bench/jmh.sh              # longer, steadier
#   JMH_OPTS="-prof gc" bench/jmh.sh Masking              # allocation per operation
#   MVN_OPTS=-o bench/jmh.sh              # build offline
#
# Needs a JDK 25 (JAVA_HOME) and libpg_query (or DRAWBRIDGE_LIBPG_QUERY) for the classification
# benchmarks. Writes bench/out/jmh.txt (the table), jmh.json and jmh.log (JMH's whole output).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${JAVA_HOME:-}" ] || { echo "bench: set JAVA_HOME to a JDK 25" >&2; exit 1; }

# benchmarks/target/benchmarks.jar, with the modules it measures built from this checkout
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_OPTS:-} -Pbench -pl benchmarks -am package -DskipTests \
  -Dspotless.check.skip=true

mkdir -p bench/out
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -jar benchmarks/target/benchmarks.jar \
  ${JMH_OPTS:--wi 2 -i 3 -f 1} -rf json -rff bench/out/jmh.json "$@" >bench/out/jmh.log
awk '/^# Run complete/ {done = 1} done && /^Benchmark/ {table = 1} table' bench/out/jmh.log |
  tee bench/out/jmh.txt
