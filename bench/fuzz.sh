#!/usr/bin/env bash
# Fuzzes the node's readers of hostile input with Jazzer (issue 16): each fuzz test runs with JAZZER_FUZZ=1 for the
# given seconds, starting from its kept seeds (src/test/resources/.../<Test>Inputs/<method>/) and from what earlier
# runs found (<module>/.cifuzz-corpus/, not in git). It keeps going after a finding, so one known bug does not hide
# the others, and prints for each target its throughput and its distinct findings:
#   fuzz-execs-per-s-<target>: <n> execs/s (<date>, <machine>, bash bench/fuzz.sh <seconds>)
#   fuzz-findings-<target>: <n> distinct (...)
# The input of each finding is written to bench/target/fuzz/<target>/ (crash-*, timeout-*), the whole log to
# bench/target/fuzz/<target>.log. A finding a fix should cover belongs in the kept corpus, as a known finding until then.
#
# Usage: bash bench/fuzz.sh [seconds-per-target=60] [target...]
#   targets: cda cda-embedded xdm extract whitelist address ins smime (all when none is named)
#   MVN_OFFLINE=-o to keep Maven offline (the default lets it download what it lacks); FUZZ_TIMEOUT=10 seconds an
#   input may take; BENCH_SKIP_INSTALL=1 skips installing the modules first (needed on a fresh machine).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
offline="${MVN_OFFLINE:-}"
[ "${BENCH_SKIP_INSTALL:-0}" = 1 ] || mvn -B -q install -DskipTests
input_timeout="${FUZZ_TIMEOUT:-10}"

# target, module, fuzz test class#method
all_targets=(
    "cda dossier-bridge CdaParserFuzzTest#parse"
    "cda-embedded dossier-bridge CdaParserFuzzTest#embeddedContent"
    "xdm dossier-bridge XdmReaderFuzzTest#read"
    "extract directory ExtractReaderFuzzTest#readEveryRow"
    "whitelist directory WhitelistFuzzTest#readDomains"
    "address directory AddressesFuzzTest#gateAddress"
    "ins directory InsFuzzTest#matricule"
    "smime mail-server SmimeVerifierFuzzTest#verifyArrivingMessage"
)
wanted=("$@")

machine="$(nproc) cores $(awk '/MemTotal/ {printf "%.0f", $2 / 1024 / 1024}' /proc/meminfo) GiB $(hostname)"
today="$(date +%F)"
mkdir -p bench/target/fuzz
summary=()

for line in "${all_targets[@]}"; do
    read -r target module test <<< "$line"
    if [ ${#wanted[@]} -gt 0 ] && [[ " ${wanted[*]} " != *" $target "* ]]; then
        continue
    fi
    findings="$PWD/bench/target/fuzz/$target"
    log="bench/target/fuzz/$target.log"
    mkdir -p "$findings"
    echo "fuzzing $target ($module, $test) for $seconds s..." >&2
    # Only one fuzz test may run per JVM. JUnit's own @Timeout would count the whole fuzzing run: disabled here,
    # Jazzer turns it into the per-input limit (given again with -timeout). The last libFuzzer flags win.
    JAZZER_FUZZ=1 mvn -B $offline test -pl "$module" -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djunit.jupiter.execution.timeout.mode=disabled \
        -Djazzer.keep_going="${FUZZ_KEEP_GOING:-1000}" \
        -Djazzer.internal.arg.0=fuzz \
        -Djazzer.internal.arg.1=-max_total_time="$seconds" \
        -Djazzer.internal.arg.2=-timeout="$input_timeout" \
        -Djazzer.internal.arg.3=-artifact_prefix="$findings/" \
        > "$log" 2>&1
    # libFuzzer's own count: the DONE status line (or the last status line if the run was cut short)
    status="$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
    [ -n "$status" ] || status="$(grep -a -E '^#[0-9]+[[:space:]]' "$log" | tail -1)"
    runs="$(sed -E 's/^#([0-9]+).*/\1/' <<< "$status")"
    rate="$(grep -o -E 'exec/s: [0-9]+' <<< "$status" | awk '{print $2}')"
    took="$(grep -a -o -E 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')"
    distinct="$(grep -a -c '^DEDUP_TOKEN:' "$log")"
    # what was thrown, by class (libFuzzer's status lines may be interleaved with Jazzer's reports)
    kinds="$( { grep -a '^== Java Exception:' "$log" | sed -E 's/^== Java Exception: ([^: ]+).*/\1/' | grep -a -E '(Exception|Error)$'
        grep -a -o -E 'ERROR: libFuzzer: (timeout|out-of-memory)' "$log" | sed 's/ERROR: libFuzzer: //'; } \
        | sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep="; "}')"
    if [ -z "$rate" ]; then
        summary+=("fuzz-execs-per-s-$target: none: the fuzz run did not start, see $log")
        continue
    fi
    summary+=("fuzz-execs-per-s-$target: $rate execs/s ($today, $machine, bash bench/fuzz.sh $seconds)")
    summary+=("fuzz-findings-$target: $distinct distinct (${runs:-?} runs in ${took:-?} s${kinds:+; $kinds}; inputs in bench/target/fuzz/$target/)")
done

printf '%s\n' "${summary[@]}"
