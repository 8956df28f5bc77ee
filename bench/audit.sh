#!/usr/bin/env bash
# The access history's cost on the local PostgreSQL (schema bench_audit): durable audit writes from several threads
# (audit-events-per-s), and the dossier search benchmark with every search audited against the same queries
# unaudited (dossier-search-audited-p99-ms; the search mode loads a Lucene index of that many generated documents
# into workDir first, about 1.1 GB for 1,000,000).
# Usage: bash bench/audit.sh events [seconds=30] [threads=4]
#        bash bench/audit.sh search [docs=1000000] [queries=1000] [workDir=bench/target]
# BENCH_SKIP_INSTALL=1 skips installing the modules (already in ~/.m2); BENCH_REUSE_INDEX=1 keeps the index workDir holds.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
  mvn -B -q install -DskipTests -pl dossier-bridge,fixtures -am
fi
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java ${BENCH_JAVA_OPTS:-} -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.AuditBench "$@"
