#!/usr/bin/env bash
# The one entry point.
#   ./run.sh                    build if needed, then replay the embedded synthetic session (no network, no database);
#                               writes reports/synthetic/ (report.json, trades.csv, the report.html tearsheet)
#   ./run.sh help               this text, then the te CLI's commands
#   ./run.sh test               install and start nats-server + PostgreSQL, run every test project, stop them
#   ./run.sh build [--check]    build if a source changed (--check: only say whether one is needed; exit 1 if so)
#   ./run.sh bench [suite] [--quick] [--save]   the perf harness (perf/TradingEngine.Perf); results go to the
#                               gitignored perf/runs/, or with --save to the tracked perf/results/
#   ./run.sh fuzz TARGET [--seconds N]  afl++ fuzzing of one decoder (tests/TradingEngine.Fuzz; ./run.sh fuzz list)
#   ./run.sh <anything else>    passed to the te CLI (./run.sh dag pipelines/es_futures.yaml, ./run.sh replay --help)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
DOTNET=${TE_DOTNET:-dotnet}
ARTIFACTS=${TE_ARTIFACTS:-$ROOT/artifacts}
TE_DLL="$ARTIFACTS/bin/TradingEngine.Cli/release/te.dll"
PERF_DLL="$ARTIFACTS/bin/TradingEngine.Perf/release/TradingEngine.Perf.dll"
# written after each successful build: the content hash of every build input at that time
STAMP="$ARTIFACTS/.te-build-stamp"

# The build inputs: what MSBuild compiles or embeds. Run output (perf/results, perf/runs, journals) is not one.
# Extra find tests narrow the list (build_inputs -newer FILE).
build_inputs() {
  local roots=() r
  for r in src perf tests Directory.Build.props Directory.Packages.props TradingEngine.sln; do [ -e "$r" ] && roots+=("$r"); done
  find "${roots[@]}" \
    \( -name bin -o -name obj -o -path perf/results -o -path perf/runs -o -name node_modules \) -prune -o \
    -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.sln' -o -name '*.json' -o -name '*.js' -o -name '*.ts' -o -name '*.css' -o -name '*.html' \) \
    "$@" -print 2>/dev/null | LC_ALL=C sort
}

inputs_hash() { build_inputs | xargs -d '\n' sha1sum | sha1sum | cut -d' ' -f1; }

# Why a build is needed (printed), or nothing when the last build saw exactly today's sources. Timestamps are only a
# first filter: a file touched without a change (a checkout, `te schema export` rewriting equal schemas) costs one
# hash of the sources, not a build.
build_reason() {
  if [ ! -f "$TE_DLL" ]; then echo "no build yet"; return; fi
  if [ ! -f "$STAMP" ]; then echo "no record of a successful build ($STAMP)"; return; fi
  local newer since
  newer=$(build_inputs -newer "$STAMP")
  [ -z "$newer" ] && return
  since=$(date +%s.%N)
  if [ "$(inputs_hash)" = "$(cat "$STAMP")" ]; then
    # same content: remember that (as of before the hash, so an edit made meanwhile still counts)
    touch -d "@$since" "$STAMP"
    return
  fi
  echo "sources changed since the last build ($(wc -l <<<"$newer") files newer, e.g. ${newer%%$'\n'*})"
}

build() {
  local reason=$1 hash since
  since=$(date +%s.%N)
  hash=$(inputs_hash)
  if [ "$reason" = "no build yet" ]; then
    # the first build restores packages and compiles everything (minutes on a small machine): show each project
    echo "first build (Release), every project; later runs build only when a source changed…" >&2
    "$DOTNET" build TradingEngine.sln -c Release -nologo -v minimal -clp:NoSummary >&2
  else
    echo "building (Release): $reason…" >&2
    "$DOTNET" build TradingEngine.sln -c Release -nologo -clp:ErrorsOnly -v q >&2
  fi
  mkdir -p "$ARTIFACTS"
  echo "$hash" >"$STAMP"
  touch -d "@$since" "$STAMP" # a source edited during the build is newer than the stamp: the next call looks again
}

build_if_needed() {
  local reason; reason=$(build_reason)
  if [ -n "$reason" ]; then build "$reason"; fi
}

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "$ROOT/run.sh"
}

run_tests() {
  # shellcheck source=tests/services.sh
  source "$ROOT/tests/services.sh"
  te_services_install
  trap 'te_services_stop' EXIT
  trap 'te_services_stop; exit 130' INT TERM
  te_services_start
  build_if_needed

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
    # the failing tests with their whole messages (every line between "Error Message:" and "Stack Trace:"), our
    # frames of each stack, and each project's own summary
    awk '/^[ \t]*(Failed|Skipped) /{print; next}
         /Error Message:/{inmsg=1; print; next}
         /Stack Trace:/{inmsg=0; print; next}
         inmsg{print; next}
         /^[ \t]+at TradingEngine|Total tests|^[ \t]+(Passed|Failed|Skipped):/{print}' "$log" >&2 || true
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
  help|-h|--help)
    usage
    echo
    build_if_needed
    exec "$DOTNET" "$TE_DLL" --help
    ;;
  test)
    shift
    run_tests "$@"
    ;;
  build)
    shift
    reason=$(build_reason)
    if [ "${1:-}" = "--check" ]; then
      if [ -n "$reason" ]; then echo "build needed: $reason"; exit 1; fi
      echo "up to date"
      exit 0
    fi
    if [ -n "$reason" ]; then build "$reason"; else echo "up to date" >&2; fi
    ;;
  fuzz)
    shift
    exec "$ROOT/tests/TradingEngine.Fuzz/fuzz.sh" "$@"
    ;;
  bench)
    shift
    build_if_needed
    exec "$DOTNET" "$PERF_DLL" "$@"
    ;;
  "")
    build_if_needed
    exec "$DOTNET" "$TE_DLL" replay --synthetic --pipeline pipelines/es_futures.yaml --report reports/synthetic
    ;;
  *)
    build_if_needed
    exec "$DOTNET" "$TE_DLL" "$@"
    ;;
esac
