#!/usr/bin/env bash
# IMAP SEARCH TEXT (substring) latency in one mailbox of many messages, over IMAPS, on a fresh demo node
# (embedded Derby, or the database NODE_DATABASE_URL names): APPENDs the messages, then times the queries. Prints imap-search-p50-ms and imap-search-p99-ms.
# Usage: bash bench/imap-search.sh [messages=50000] [queries=500]. BENCH_SKIP_INSTALL=1 skips the install.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.ImapSearchBench \
  mail-server/target/mss-node.jar "${1:-50000}" "${2:-500}"
