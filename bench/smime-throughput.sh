#!/usr/bin/env bash
# S/MIME throughput: signs and verifies a 100 KB message with the node's own code (RSA 2048, SHA-256), one
# thread then all cores. Usage: bash bench/smime-throughput.sh [seconds per figure=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl directory -am
mvn -B -q compile -pl mail-server
mvn -B -q dependency:build-classpath -pl mail-server -Dmdep.outputFile=target/classpath.txt
classpath="mail-server/target/classes:$(cat mail-server/target/classpath.txt)"
mkdir -p bench/target/smime-classes
javac -d bench/target/smime-classes -cp "$classpath" bench/smime/SmimeBench.java
java -cp "bench/target/smime-classes:$classpath:config" SmimeBench "${1:-10}" 2> bench/target/smime-bench.log
