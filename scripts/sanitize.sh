#!/usr/bin/env bash
# The test suite with everything it runs (the test runner, catalogd, catalogctl, catalog-fuzz)
# built under a sanitizer.
#
#   scripts/sanitize.sh thread|address [FILTER]
#
# Builds into .build-tsan or .build-asan, then runs the suites one at a time: sanitized code is
# several times slower, and the tests' network timeouts (2 s to the shop fakes) and daemon
# start-up waits assume a machine that is not running 67 suites at once. Every sanitized
# process, the daemons included, writes its reports to <scratch>/reports/report.<pid>; any
# report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
filter="${2:-}"
case "$kind" in
    thread) scratch=.build-tsan ;;
    address) scratch=.build-asan ;;
    *) echo "usage: scripts/sanitize.sh thread|address [FILTER]" >&2; exit 64 ;;
esac
reports="$PWD/$scratch/reports"

swift build --build-tests --sanitize "$kind" --scratch-path "$scratch"
rm -rf "$reports" && mkdir -p "$reports"
# Leak checking is off: the Swift runtime's metadata caches and Foundation's singletons live
# until exit by design, and LeakSanitizer reports them all.
export TSAN_OPTIONS="halt_on_error=0 history_size=4 log_path=$reports/report"
export ASAN_OPTIONS="detect_leaks=0 log_path=$reports/report"
status=0
swift test --skip-build --sanitize "$kind" --scratch-path "$scratch" --no-parallel ${filter:+--filter "$filter"} || status=$?
if compgen -G "$reports/report.*" >/dev/null; then
    echo "!! $kind sanitizer reports in $reports:"
    grep -h "^SUMMARY" "$reports"/report.* | sort | uniq -c
    exit 1
fi
echo "== no $kind sanitizer reports"
exit $status
