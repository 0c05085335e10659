#!/usr/bin/env bash
# Paired from-memory comparison of two builds of the pipeline suite (issue 22's bar: median new/old >= 0.97).
#   perf/paired.sh OLD_REPO NEW_REPO [PAIRS] [PIPELINE...]
# OLD_REPO and NEW_REPO are checkouts (e.g. a `git worktree add --detach ../base <commit>` and this one), each built with
#   dotnet build perf/TradingEngine.Perf -c Release
# and each holding the pipeline suite's --memory-only option. Per pipeline, PAIRS pairs (default 5) alternate the order
# (old,new), (new,old), ...; each run is a fresh process (warm-up, then --runs from-memory runs, median).
# Prints every pair's events/s and ratio, the median ratio and each side's allocation after the first batch.
# TE_PAIRED_TICKS (default 1000000) trades per run, TE_PAIRED_RUNS (default 3) runs per process.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); pairs=${3:-5}; shift $(( $# >= 3 ? 3 : $# ))
pipelines=("$@"); [ ${#pipelines[@]} -eq 0 ] && pipelines=(perf/pipelines/bench.yaml pipelines/es_futures.yaml)
ticks=${TE_PAIRED_TICKS:-1000000}; runs=${TE_PAIRED_RUNS:-5}; stat=${TE_PAIRED_STAT:-best}
export TE_DATA_DIR=${TE_DATA_DIR:-$new/../shared/data}
run() { # repo pipeline -> "events/s steady-B/event outputs"
  (cd "$1" && dotnet artifacts/bin/TradingEngine.Perf/release/TradingEngine.Perf.dll pipeline --memory-only \
     --pairs "$runs" --ticks "$ticks" --pipeline "$2" --out /dev/null) | awk -v stat="$stat" '/^memory-only/ {print (stat == "median" ? $4 : $6), $8, $10}'
}
for pl in "${pipelines[@]}"; do
  echo "## $pl ($pairs pairs, $ticks trades, $runs runs per process, $stat run of each; old=$old new=$new)"
  ratios=()
  for ((p = 1; p <= pairs; p++)); do
    if (( p % 2 )); then o=$(run "$old" "$pl"); n=$(run "$new" "$pl"); order="old,new"
    else n=$(run "$new" "$pl"); o=$(run "$old" "$pl"); order="new,old"; fi
    read -r oe oa oo <<<"$o"; read -r ne na no <<<"$n"
    r=$(awk -v a="$ne" -v b="$oe" 'BEGIN {printf "%.3f", a / b}'); ratios+=("$r")
    echo "pair $p ($order): old $oe ev/s ${oa} B/ev out $oo | new $ne ev/s ${na} B/ev out $no | new/old $r$([ "$oo" = "$no" ] || echo '  OUTPUTS DIFFER')"
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "median new/old %.3f (min %s, max %s)\n", m, a[1], a[NR]}'
done
