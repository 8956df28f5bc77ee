#!/usr/bin/env bash
# Several IMAPS clients on one mailbox of a fresh demo node (embedded Derby, or the database NODE_DATABASE_URL
# names): APPEND, FETCH, STORE, SEARCH, EXPUNGE together. Prints imap-concurrent-cmds-per-s and
# imap-concurrent-failed-cmds. Usage: bash bench/imap-concurrency.sh [seconds=60] [clients=10].
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.ImapConcurrencyBench \
  mail-server/target/mss-node.jar "${1:-60}" "${2:-10}"
