#!/usr/bin/env bash
# Directory import benchmark: generates synthetic extracts (2,000,000 activity lines and 500,000 mailboxes by
# default), imports them into a fresh database with the node's importer under a 512 MB heap, reports wall time
# and peak live heap, then warm address lookups per second on one thread.
# Usage: bash bench/directory-import.sh [derby|postgres] [activityLines=2000000] [mailboxes=500000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl directory,fixtures -am
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -Xmx512m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.DirectoryImportBench \
  "${1:-derby}" "${2:-2000000}" "${3:-500000}" bench/target
