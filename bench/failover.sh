#!/usr/bin/env bash
# Failover benchmark: two node processes on the local PostgreSQL behind HAProxy (TwoNodesTest), a load of
# submissions through HAProxy from four clients, the spool's master killed with kill -9 after a third of it.
# Prints failover-lost-msgs (answered 250, never delivered; target 0) and failover-unavailable-s (how long new SMTP
# connections through HAProxy failed after the kill; target at most 5) and index-catch-up-ms-p99 (a letter filed
# through one node searchable on the other; target under 1,000).
# Usage: bash bench/failover.sh [messages=1000]     Needs PostgreSQL on 127.0.0.1:5432 and Debian's haproxy.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install haproxy"; exit 1; }
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -pl mail-server test-compile surefire:test@default-test -Dtest=TwoNodesTest \
  -Dfailover.messages="${1:-1000}" -Dsurefire.failIfNoSpecifiedTests=false | grep -oE '(failover-|index-catch-up).*|Tests run.*|FAIL.*' || true
