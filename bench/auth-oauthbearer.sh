#!/usr/bin/env bash
# IMAP AUTHENTICATE OAUTHBEARER latency on a fresh demo node trusting a real OpenID provider (mock-oauth2-server):
# [clients=20] IMAPS clients at once, each signing in [per-client=100] times with its access token, a new connection
# every [interval-ms=500] (0: as fast as it can, which saturates 2 cores with TLS handshakes).
# Prints auth-oauthbearer-p99-ms.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.AuthOauthbearerBench \
  mail-server/target/mss-node.jar "${1:-20}" "${2:-100}" "${3:-500}"
