#!/usr/bin/env bash
# CVE-2024-37358 on a fresh demo node: many IMAPS clients announce 2 GB APPEND literals (and push bytes anyway),
# then as many hold a 40 MB literal half-sent. Prints imap-literal-attack-rss-growth-mb (the announcements),
# imap-literal-pushed-rss-growth-mb and imap-literal-pending-rss-growth-mb.
# Usage: bash bench/imap-literal-attack.sh [clients=100] [push-mb=2]. The node runs with a fixed, pre-touched heap
# (NODE_JAVA_OPTS, default -Xms1g -Xmx1g -XX:+AlwaysPreTouch, as a production node would) so that RSS shows what the
# attack makes the node hold, not the heap growing into its maximum.
export NODE_JAVA_OPTS="${NODE_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}"
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.ImapLiteralAttackBench \
  mail-server/target/mss-node.jar "${1:-100}" "${2:-2}"
