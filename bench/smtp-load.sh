#!/usr/bin/env bash
# SMTP ingest benchmark: starts a fresh demo node, sends load over submission as fast as it is answered, measures
# accepted msgs/s, the delay from 250 to visible over IMAPS, the node's CPU per message, start time and memory.
# Usage: bash bench/smtp-load.sh [messages=3000] [sessions=20] [cda|realistic=realistic]
# realistic: each message carries one document of the realistic corpus (fixtures) and the run also reports
# smtp-filing-realistic-msgs-per-s, messages through the whole pipeline (submission, sign, file, deliver) per second.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.SmtpLoad burst \
  mail-server/target/mss-node.jar "${1:-3000}" "${2:-20}" "${3:-realistic}"
