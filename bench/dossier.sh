#!/usr/bin/env bash
# Dossier benchmark: files generated French CDA documents through the dossier bridge (parse + store + index) into
# a fresh PostgreSQL schema (bench_dossier) from several threads, then loads many more into a Lucene index and a
# PostgreSQL full-text table, and times the same queries on both (p50, p99, ratio). Needs the local PostgreSQL.
# Usage: bash bench/dossier.sh [filings=100000] [searchDocs=1000000] [queries=1000] [workDir=bench/target] [filingThreads=4]
# BENCH_SKIP_INSTALL=1 skips installing the modules (already in ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
  mvn -B -q install -DskipTests -pl dossier-bridge,fixtures -am
fi
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java ${BENCH_JAVA_OPTS:-} -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.DossierBench "$@"
