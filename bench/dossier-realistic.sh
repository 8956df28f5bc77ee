#!/usr/bin/env bash
# The dossier on documents shaped like real ones (fixtures' RealisticCorpus), through the bridge, on the local
# PostgreSQL: the filing rate of the realistic mix, the peak heap while four 15 MB documents are filed at once
# (in a JVM limited to 256 MB), and the search latency over a realistic corpus of 1,000,000 documents.
# Usage: bash bench/dossier-realistic.sh [filing [docs=20000] [threads=4] | heap [documents=4] [bytes=15728640]
#                                         | search [docs=1000000] [queries=1000]] [workDir=bench/target]
# With no argument: all three, one after the other. BENCH_SKIP_INSTALL=1 skips installing the modules.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
  mvn -B -q install -DskipTests -pl dossier-bridge,fixtures -am
fi
mvn -B -q -f bench/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
run() {
  local heap=$1; shift
  java ${BENCH_JAVA_OPTS:-} "$heap" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" bench.RealisticDossierBench "$@"
}
case "${1:-all}" in
  filing) run -Xmx4g "$@" ;;
  heap) run -Xmx256m "$@" ;;
  search) run -Xmx3g "$@" ;;
  all) run -Xmx4g filing && run -Xmx256m heap && run -Xmx3g search ;;
  *) echo "usage: bash bench/dossier-realistic.sh [filing|heap|search] ..." >&2; exit 2 ;;
esac
