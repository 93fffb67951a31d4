#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 600), one after the other, and print one
# summary line per target.
#
#   fuzz/run-all.sh [SECONDS] [TARGET...]
#
# Environment:
#   FUZZ_SANITIZER  address (default) or none (then only debug assertions and overflow checks)
#   FUZZ_NICE       nice level for build and runs (default 10: the machine is shared)
#   FUZZ_MAX_LEN    libFuzzer -max_len (default 65536)
#
# Works on stable Rust: cargo-fuzz passes -Z flags (-Zsanitizer=address), which stable rustc
# accepts with RUSTC_BOOTSTRAP=1. Each target fuzzes corpus/<target>/ (grown by the run) plus the
# read-only seeds/<target>/ (made by seed.sh, run here when missing). A target stops at its first
# crash, timeout (-timeout=10 s per input) or out-of-memory (-rss_limit_mb=2048); the input is
# saved in artifacts/<target>/. Logs go to logs/<target>.log.
#
# Exit status: 0 when no target left a new artifact, 1 otherwise (so it can gate CI).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
seconds=${1:-600}
shift || true
all=(decode ingest_text ingest_html ingest_markdown segment query parse)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
sanitizer=${FUZZ_SANITIZER:-address}
nice_level=${FUZZ_NICE:-10}
max_len=${FUZZ_MAX_LEN:-65536}
export RUSTC_BOOTSTRAP=1

[ -d seeds ] || ./seed.sh
mkdir -p logs
echo "building ${targets[*]} (sanitizer: $sanitizer)..." >&2
nice -n "$nice_level" cargo fuzz build -s "$sanitizer" >logs/build.log 2>&1 || {
  tail -30 logs/build.log >&2
  echo "build failed, see fuzz/logs/build.log" >&2
  exit 2
}

dict_for() {
  case "$1" in
    ingest_html) echo dict/html.dict ;;
    ingest_markdown) echo dict/markdown.dict ;;
    query) echo dict/query.dict ;;
  esac
}
count_artifacts() { find "artifacts/$1" -type f 2>/dev/null | wc -l; }

status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t" "artifacts/$t"
  before=$(count_artifacts "$t")
  args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
    -print_final_stats=1)
  d=$(dict_for "$t")
  [ -n "$d" ] && args+=(-dict="$d")
  echo "fuzzing $t for ${seconds}s..." >&2
  start=$(date +%s)
  nice -n "$nice_level" cargo fuzz run -s "$sanitizer" "$t" "corpus/$t" "seeds/$t" -- "${args[@]}" \
    >"logs/$t.log" 2>&1
  rc=$?
  took=$(($(date +%s) - start))
  execs=$(grep -a 'stat::number_of_executed_units' "logs/$t.log" | tail -1 | awk '{print $2}')
  if [ -z "$execs" ]; then # no final stats (killed): the last status line's count
    execs=$(grep -aoE '^#[0-9]+' "logs/$t.log" | tail -1 | tr -d '#')
  fi
  after=$(count_artifacts "$t")
  new=$((after - before))
  line=$(printf '%-16s %5ss %12s execs  %3d artifacts (%d new)  exit %d' \
    "$t" "$took" "${execs:-?}" "$after" "$new" "$rc")
  if [ "$new" -gt 0 ] || [ "$rc" -ne 0 ]; then
    status=1
    line+="  <- see fuzz/logs/$t.log, fuzz/artifacts/$t/"
  fi
  summary+=("$line")
  echo "$line" >&2
done

echo
echo "target           time           execs  artifacts"
printf '%s\n' "${summary[@]}"
exit $status
