#!/usr/bin/env bash
# Coverage-guided fuzzing of catalogd's readers and network-response decoders with libFuzzer.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Builds `catalog-fuzz` with --sanitize fuzzer into .build-fuzz (not with --sanitize address
# too: SwiftPM passes the two as separate -sanitize= flags and swiftc keeps only the last, which
# leaves the Swift code without coverage), then runs
# each target (default: all) for SECONDS_PER_TARGET (default 60) from the checked-in corpus
# Tests/Fixtures/fuzz/<target>/ (copied, so the corpus in git does not grow). A crash, a leak
# of an unexpected error type, a timeout or an out-of-memory stops the run with the input in
# .build-fuzz/findings/<target>/: fix the bug, then add the input to the corpus, which the test
# suite replays (`catalog-fuzz replay`).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(akeneo-csv akeneo-jsonl bmecat merchant-rss merchant-atom merchant-json gzip detect inventory-json inventory-xml
        shopify-response magento-response model-response)
fi

swift build --product catalog-fuzz --sanitize fuzzer -Xswiftc -DFUZZING --scratch-path .build-fuzz
binary="$(swift build --product catalog-fuzz --sanitize fuzzer -Xswiftc -DFUZZING --scratch-path .build-fuzz --show-bin-path)/catalog-fuzz"

status=0
for target in "${targets[@]}"; do
    work=".build-fuzz/corpus/$target"
    findings=".build-fuzz/findings/$target"
    mkdir -p "$work" "$findings"
    cp -n Tests/Fixtures/fuzz/"$target"/* "$work"/ 2>/dev/null || true
    # The response targets also start from the recorded answers (FuzzTarget.seedFolders).
    case "$target" in
        shopify-response) cp -n Tests/Fixtures/responses/shopify/* "$work"/ ;;
        magento-response) cp -n Tests/Fixtures/responses/magento/* "$work"/ ;;
        model-response) cp -n Tests/Fixtures/responses/anthropic/* Tests/Fixtures/responses/openai-compatible/* "$work"/ ;;
    esac
    echo "== fuzzing $target for ${seconds}s"
    if ! CATALOG_FUZZ_TARGET="$target" "$binary" "$work" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$findings/" -print_final_stats=1 2>".build-fuzz/$target.log"; then
        echo "!! $target: a finding; the input is in $findings/, the report in .build-fuzz/$target.log"
        grep -E "^(==|SUMMARY|Fatal error|.*fatal error)" ".build-fuzz/$target.log" | head -5 || true
        status=1
    else
        runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' ".build-fuzz/$target.log" | grep -oE '[0-9]+$')
        edges=$(grep -oE 'cov: [0-9]+' ".build-fuzz/$target.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
        echo "   $runs inputs, $edges edges covered"
        # A run that covers almost nothing fuzzed uninstrumented code: that proves nothing.
        if [ "${edges:-0}" -lt 100 ]; then
            echo "!! $target: only ${edges:-0} edges covered; the readers were not built with coverage instrumentation"
            status=1
        fi
    fi
done
exit $status
