#!/usr/bin/env bash
# SMTP visibility under an offered load: starts a fresh demo node and offers `rate` messages a second for `seconds`
# over submission (message n due at n / rate s), each with one document of the realistic corpus, signed on behalf
# and filed; prints smtp-visible-p99-ms (from 250 to visible over IMAPS) and the node's CPU per message.
# Usage: bash bench/smtp-paced.sh [rate=100] [seconds=300] [sessions=20] [cda|realistic=realistic]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.SmtpLoad paced \
  mail-server/target/mss-node.jar "${1:-100}" "${2:-300}" "${3:-20}" "${4:-realistic}"
