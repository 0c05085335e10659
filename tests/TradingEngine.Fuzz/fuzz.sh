#!/usr/bin/env bash
# Coverage-guided fuzzing of one decoder with afl++ and SharpFuzz (docs/security.md#fuzzing).
#   ./run.sh fuzz list                                 the targets
#   ./run.sh fuzz TARGET [--seconds N] [--out DIR]     fuzz one target for N seconds (default 60)
# Installs afl++ (apt-get) and the sharpfuzz instrumenter (dotnet tool, into artifacts/tools) when missing, copies the
# built fuzz project to artifacts/fuzz/bin once per build and instruments the engine's assemblies there (never the
# build output; every target shares it), seeds DIR/in from
# the real samples, runs afl-fuzz and prints one line: execs, execs/s, paths, crashes, hangs. Every crash input is
# replayed with its stack trace; it belongs in tests/TradingEngine.Fuzz/regressions/TARGET/ once fixed.
# Exit status: 0 no crash, 1 crashes found, 2 usage.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ARTIFACTS=${TE_ARTIFACTS:-$ROOT/artifacts}
FUZZ_BIN="$ARTIFACTS/bin/TradingEngine.Fuzz/release"
SHARPFUZZ_VERSION=2.3.0

target=${1:-}
[ -n "$target" ] || { sed -n '2,4p' "$0" >&2; exit 2; }
shift
seconds=60 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "fuzz: unknown option '$1' (expected --seconds N or --out DIR)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$FUZZ_BIN/TradingEngine.Fuzz.dll" ] || [ -n "$(find "$ROOT/src" "$ROOT/tests/TradingEngine.Fuzz" -name '*.cs' -newer "$FUZZ_BIN/TradingEngine.Fuzz.dll" -not -path '*/obj/*' -print -quit)" ]; then
  echo "building the fuzz targets (Release)…" >&2
  dotnet build "$ROOT/tests/TradingEngine.Fuzz" -c Release -nologo -clp:ErrorsOnly -v q >&2
fi
if [ "$target" = list ]; then
  exec dotnet "$FUZZ_BIN/TradingEngine.Fuzz.dll" list
fi
dotnet "$FUZZ_BIN/TradingEngine.Fuzz.dll" list | awk '{print $1}' | grep -qx -- "$target" \
  || { echo "fuzz: unknown target '$target'; expected one of: $(dotnet "$FUZZ_BIN/TradingEngine.Fuzz.dll" list | awk '{print $1}' | tr '\n' ' ')" >&2; exit 2; }

if ! command -v afl-fuzz >/dev/null; then
  echo "installing afl++ (apt-get)…" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq afl++ >&2
fi
mkdir -p "$ARTIFACTS/fuzz"
SHARPFUZZ="$ARTIFACTS/tools/sharpfuzz"
# several targets started at once must not install the tool side by side (dotnet tool install is not concurrent-safe)
exec 8>"$ARTIFACTS/fuzz/.tool.lock"
flock 8
if [ ! -x "$SHARPFUZZ" ]; then
  echo "installing the sharpfuzz instrumenter $SHARPFUZZ_VERSION (dotnet tool)…" >&2
  dotnet tool install --tool-path "$ARTIFACTS/tools" SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION" >&2
fi
flock -u 8

out=${out:-$ARTIFACTS/fuzz/$target}
mkdir -p "$out"
# one instrumented copy of the build for every target (instrumenting takes minutes): redone when the build is newer
BIN="$ARTIFACTS/fuzz/bin"
exec 9>"$ARTIFACTS/fuzz/.instrument.lock"
flock 9
if [ ! -f "$BIN/.instrumented" ] || [ "$FUZZ_BIN/TradingEngine.Fuzz.dll" -nt "$BIN/.instrumented" ]; then
  echo "instrumenting the engine's assemblies (once per build)…" >&2
  rm -rf "$BIN"
  cp -r "$FUZZ_BIN" "$BIN"
  # the engine's assemblies and the YAML parser get the coverage probes; the driver and SharpFuzz itself must not
  for dll in "$BIN"/TradingEngine.*.dll "$BIN/YamlDotNet.dll"; do
    case "$(basename "$dll")" in TradingEngine.Fuzz.dll) continue ;; esac
    [ -f "$dll" ] && "$SHARPFUZZ" "$dll" >/dev/null
  done
  touch "$BIN/.instrumented"
fi
flock -u 9
rm -rf "$out/in"
dotnet "$FUZZ_BIN/TradingEngine.Fuzz.dll" seeds "$target" "$out/in" >&2
resume=-i; [ -d "$out/findings/default/queue" ] && resume="-i -" # a second run continues the corpus
set +e
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
  AFL_AUTORESUME=1 afl-fuzz $resume "$out/in" -o "$out/findings" -V "$seconds" -t 10000 -m none \
  -- dotnet "$BIN/TradingEngine.Fuzz.dll" afl "$target" >"$out/afl.log" 2>&1
rc=$?
set -e
stats="$out/findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "fuzz $target: afl-fuzz did not start (exit $rc); the end of its log:" >&2
  tail -n 30 "$out/afl.log" >&2
  exit 1
fi
get() { sed -nE "s/^$1 *: *(.*)$/\1/p" "$stats"; }
crashes=$(find "$out/findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz $target: $(get run_time) s, $(get execs_done) execs ($(get execs_per_sec)/s), $(get corpus_count) paths, $(get bitmap_cvg) map coverage, $crashes crashes, $(get saved_hangs) hangs"
if [ "$crashes" -gt 0 ]; then
  dotnet "$FUZZ_BIN/TradingEngine.Fuzz.dll" replay "$target" "$out/findings/default/crashes" || true
  exit 1
fi
