#!/usr/bin/env bash
# The web space's search page over the dossier benchmark's [documents=1000000] generated documents, filed through the
# dossier bridge into PostgreSQL (schema bench_portal_search) and the node's index, then [users=8] signed-in
# professionals each asking [pages=100] search pages, one every [interval-ms=1000] ms (0: closed loop).
# Prints portal-search-page-p95-ms, measured after [warm-up=30] pages per user. BENCH_REUSE=1 keeps the documents
# filed by a previous run; [workDir=bench/target].
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
export NODE_DATABASE_URL="${BENCH_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:5432/test}?currentSchema=bench_portal_search"
export NODE_DATABASE_USERNAME=postgres NODE_DATABASE_SCHEMA=bench_portal_search
java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.PortalSearchBench \
  mail-server/target/mss-node.jar "${1:-1000000}" "${2:-8}" "${3:-100}" "${4:-1000}" "${5:-bench/target}" "${6:-30}"
