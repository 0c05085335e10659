#!/usr/bin/env bash
# The one entry point.
#   ./run.sh                    build if needed, then replay the embedded synthetic session (no network, no database)
#   ./run.sh test               install and start nats-server + PostgreSQL, run every test project, stop them
#   ./run.sh bench [suite] [--quick]   the perf harness (perf/TradingEngine.Perf)
#   ./run.sh fuzz TARGET [--seconds N]  afl++ fuzzing of one decoder (tests/TradingEngine.Fuzz; ./run.sh fuzz list)
#   ./run.sh <anything else>    passed to the te CLI (./run.sh dag pipelines/es_futures.yaml, ./run.sh replay --help)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
ARTIFACTS=${TE_ARTIFACTS:-$ROOT/artifacts}
TE_DLL="$ARTIFACTS/bin/TradingEngine.Cli/release/te.dll"
PERF_DLL="$ARTIFACTS/bin/TradingEngine.Perf/release/TradingEngine.Perf.dll"

need_build() { # true when a source file is newer than the built CLI
  [ -f "$TE_DLL" ] || return 0
  [ -n "$(find src perf tests pipelines Directory.Build.props Directory.Packages.props TradingEngine.sln \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.sln' -o -name '*.json' \) \
      -newer "$TE_DLL" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]
}

build() {
  echo "building (Release)…" >&2
  dotnet build TradingEngine.sln -c Release -nologo -clp:ErrorsOnly -v q >&2
}

run_tests() {
  # shellcheck source=tests/services.sh
  source "$ROOT/tests/services.sh"
  te_services_install
  trap 'te_services_stop' EXIT
  trap 'te_services_stop; exit 130' INT TERM
  te_services_start
  build

  local results; results=$(mktemp -d)
  local passed=0 failed=0 skipped=0 broken=0
  for project in tests/TradingEngine.Tests tests/TradingEngine.IntegrationTests; do
    local name; name=$(basename "$project")
    echo "── $name" >&2
    local log="$results/$name.log" rc=0
    set +e
    dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results/$name" >"$log" 2>&1
    rc=$?
    set -e
    # the failing tests with their messages, and each project's own summary
    grep -E '^\s*(Failed|Skipped) |Error Message|Stack Trace|^\s+at TradingEngine|Assert\.|Total tests|^\s+(Passed|Failed|Skipped):' "$log" >&2 || true
    local trx; trx=$(find "$results/$name" -name '*.trx' -print -quit 2>/dev/null)
    local counters; counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null || true)
    if [ -z "$counters" ]; then
      echo "$name: the test run wrote no results (exit $rc); counted as one failure" >&2
      tail -n 40 "$log" >&2
      broken=$((broken + 1))
      continue
    fi
    local total executed p f
    total=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
    executed=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + total - executed))
    # a crashed test host or an aborted run can exit non-zero with no failed test: still a failure
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then broken=$((broken + 1)); tail -n 40 "$log" >&2; fi
  done
  rm -rf "$results"
  failed=$((failed + broken))
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

case "${1:-}" in
  test)
    shift
    run_tests "$@"
    ;;
  fuzz)
    shift
    exec "$ROOT/tests/TradingEngine.Fuzz/fuzz.sh" "$@"
    ;;
  bench)
    shift
    need_build && build
    exec dotnet "$PERF_DLL" "$@"
    ;;
  "")
    need_build && build
    exec dotnet "$TE_DLL" replay --synthetic --pipeline pipelines/es_futures.yaml
    ;;
  *)
    need_build && build
    exec dotnet "$TE_DLL" "$@"
    ;;
esac
