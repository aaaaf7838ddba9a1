#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of cartagena.
#
#   Tests/Fuzz/run.sh TARGET [SECONDS]   run one target (programme, registrations, delegations, ics, ledger) for SECONDS (default 600)
#   Tests/Fuzz/run.sh all [SECONDS]      run every target in turn, SECONDS each
#   Tests/Fuzz/run.sh build TARGET       only build the fuzzer binary
#
# The library modules are built by SwiftPM in .build-fuzz with coverage and AddressSanitizer
# instrumentation (-sanitize=fuzzer,address; C code with -fsanitize=fuzzer-no-link,address), then
# Tests/Fuzz/TARGET/*.swift (which defines LLVMFuzzerTestOneInput) is linked against their objects
# with swiftc -sanitize=fuzzer,address -parse-as-library -use-ld=lld, which brings libFuzzer's main.
#
# Seeds are in Tests/Fuzz/Corpus/TARGET (committed); inputs found while fuzzing go to
# .build-fuzz/corpus/TARGET (not committed), and crashes to .build-fuzz/crashes/TARGET/.
# The run fails (exit 1) on any crash, leak, timeout (10 s per input) or out-of-memory (2 GiB).
set -euo pipefail

cd "$(dirname "$0")/../.."
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
SWIFT=${SWIFT:-swift}
SAN_SWIFT=(-Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
TARGETS=(programme registrations delegations ics ledger)

# The modules each target links, in dependency order.
modules() {
    case "$1" in
        programme) echo "CivilTime Diagnostics ICalendar Yams Planner" ;;
        registrations) echo "CivilTime Diagnostics ICalendar Yams Planner Registrations Checks" ;;
        delegations) echo "CivilTime Diagnostics ICalendar Yams Planner Registrations" ;;
        ics) echo "CivilTime Diagnostics ICalendar" ;;
        ledger) echo "CivilTime Diagnostics ICalendar Yams Planner" ;;
        *) echo "unknown fuzz target '$1'; use one of: ${TARGETS[*]}" >&2; exit 64 ;;
    esac
}

# Library sources compiled into a target's binary (their module needs what the fuzz build lacks).
sources() {
    case "$1" in
        ledger) echo "Sources/Feeds/LedgerFormat.swift Sources/Feeds/LedgerReader.swift Sources/Feeds/LedgerScanner.swift Sources/Feeds/LedgerWriter.swift Sources/Feeds/LedgerEntry.swift Sources/Feeds/LedgerEntryTexts.swift" ;;
    esac
}

build_modules() {
    # Registrations pulls in Planner, Yams, Diagnostics and CivilTime; ICalendar pulls in libical.
    "$SWIFT" build --scratch-path "$SCRATCH" --target Registrations "${SAN_SWIFT[@]}" >&2
    "$SWIFT" build --scratch-path "$SCRATCH" --target Checks "${SAN_SWIFT[@]}" >&2  # the list's checks across rows
    "$SWIFT" build --scratch-path "$SCRATCH" --target ICalendar "${SAN_SWIFT[@]}" >&2
}

build_target() {
    local target=$1 objects=() m
    for m in $(modules "$target"); do
        objects+=("$SCRATCH"/debug/"$m".build/*.o)
        [ "$m" = Yams ] && objects+=("$SCRATCH"/debug/CYaml.build/src/*.o)
    done
    mkdir -p "$SCRATCH/fuzz"
    swiftc -sanitize=fuzzer,address -parse-as-library -use-ld=lld -swift-version 6 -g \
        -I "$SCRATCH/debug/Modules" \
        -Xcc -fmodule-map-file=Sources/CLibical/module.modulemap \
        -Xcc -fmodule-map-file="$SCRATCH/checkouts/Yams/Sources/CYaml/include/module.modulemap" \
        Tests/Fuzz/"$target"/*.swift $(sources "$target") "${objects[@]}" $(pkg-config --libs libical) \
        -o "$SCRATCH/fuzz/$target" >&2
}

run_target() {
    local target=$1 seconds=$2
    local corpus="$SCRATCH/corpus/$target" crashes="$SCRATCH/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    echo "== fuzzing '$target' for ${seconds}s" >&2
    # Leak detection is off: libical and Foundation keep process-wide caches that LeakSanitizer reports.
    ASAN_OPTIONS=detect_leaks=0:${ASAN_OPTIONS:-} "$SCRATCH/fuzz/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${FUZZ_MAX_LEN:-65536}" \
        -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$corpus" "Tests/Fuzz/Corpus/$target"
}

case "${1:-}" in
    build)
        build_modules
        build_target "${2:?which target}"
        ;;
    all)
        build_modules
        for t in "${TARGETS[@]}"; do build_target "$t"; done
        for t in "${TARGETS[@]}"; do run_target "$t" "${2:-600}"; done
        ;;
    programme | registrations | delegations | ics | ledger)
        build_modules
        build_target "$1"
        run_target "$1" "${2:-600}"
        ;;
    *)
        echo "usage: Tests/Fuzz/run.sh programme|registrations|delegations|ics|ledger|all [SECONDS] | build TARGET" >&2
        exit 64
        ;;
esac
