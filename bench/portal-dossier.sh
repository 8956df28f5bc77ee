#!/usr/bin/env bash
# The web space's professional dossier page for a patient with [documents=500] documents (filed by mail), [users=8]
# signed-in users at once, [pages=50] pages each, one every [interval-ms=0] ms per user (0: closed loop).
# Prints portal-dossier-page-p95-ms.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.PortalDossierBench \
  mail-server/target/mss-node.jar "${1:-500}" "${2:-8}" "${3:-50}" "${4:-0}"
