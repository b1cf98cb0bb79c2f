#!/usr/bin/env bash
# Benchmark: generates (or reuses) synthetic data, runs the Spark-vs-DuckDB RFM peer comparison,
# then each stage and the whole pipeline through the CLI, timing each one.
#   scripts/bench.sh [--customers N] [--out DIR] [--only pipeline|bi] [--event-log] [--bi]
#   (about 10 order lines per customer)
# --only pipeline skips the peer comparison and the stage-alone runs (the 10 M run: the pipeline's
# own summary has the per-stage seconds); --event-log keeps Spark's event log under the run's logs
# (scripts/event-log-summary.py prints where the time went); --bi then starts Trino over the
# warehouse (`clientele bi start`, `register`) and times two BI queries warm (TrinoQueryBenchmark:
# a dashboard query and a lookup by id, median of 5 after one untimed run), then stops it;
# --only bi does only that, on the warehouse an earlier run left in --out.
# Writes bench-results/<UTC timestamp>.json. Environment: CLIENTELE_DRIVER_MEMORY (default 4g).
set -euo pipefail
customers=10000
out=""
only=""
event_log=""
bi=""
usage="usage: scripts/bench.sh [--customers N] [--out DIR] [--only pipeline|bi] [--event-log] [--bi]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --customers) customers="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --event-log) event_log=1; shift ;;
    --bi) bi=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[[ -z "$only" || "$only" == pipeline || "$only" == bi ]] || { echo "$usage" >&2; exit 2; }
# --only bi: no stage is run; the BI queries go to the warehouse a previous run left in --out.
[[ "$only" == bi ]] && bi=1
source "$(dirname "$0")/lib.sh"
# lib.sh's freshness check pipes `find -newer <missing jar>` (exit 1) on a clean clone: no pipefail there.
set +o pipefail; clientele_build; set -o pipefail
cd "$CLIENTELE_ROOT"
out="$(mkdir -p "${out:-data-external/bench-$customers}" && cd "${out:-data-external/bench-$customers}" && pwd)"
cp="$CLIENTELE_THIN_JAR:$(cat "$CLIENTELE_CLASSPATH_FILE")"
bench_cp="$(clientele_bench_classpath)"
heap="${CLIENTELE_DRIVER_MEMORY:-4g}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
logs="$out/bench-logs/$stamp"; mkdir -p "$logs" bench-results
now() { date +%s.%N; }

# Peak heap used, in MiB, from a unified GC log (the largest "<before>M->" of any collection).
peak_heap_mib() { { grep -o '[0-9]*M->' "$1" 2>/dev/null || true; } | sed 's/M->//' | sort -n | tail -1; }

gen_seconds=null
if [[ ! -f "$out/clientele.conf" ]]; then
  t=$(now)
  scripts/generate-data.sh --customers "$customers" --out "$out" > "$logs/generate.log" 2>&1
  gen_seconds=$(printf "%.3f" "$(echo "$(now) - $t" | bc)")
  echo "[bench] generated $customers customers in ${gen_seconds}s"
else
  echo "[bench] reusing $out"
fi
as_of="$(sed -n 's/.*"as_of": "\([^"]*\)".*/\1/p' "$out/truth/params.json")"

# shellcheck disable=SC2086
if [[ -n "$only" ]]; then
  echo "[bench] --only $only: no peer comparison"
elif java $JVM_OPENS -Xmx"$heap" -cp "$bench_cp" dev.clientele.bench.RfmPeerBenchmark \
    --input "$out/peer/transactions" --out "$out/peer-out" --as-of "$as_of" \
    --result-json "$logs/peer.json" > "$logs/peer.log" 2>&1; then
  echo "[bench] peer: $(cat "$logs/peer.json")"
else
  echo "[bench] peer comparison FAILED (see $logs/peer.log)" >&2
fi

warehouse="$out/warehouse"
spark_sets=()
if [[ -n "$event_log" ]]; then
  mkdir -p "$logs/events"
  spark_sets=(--set 'clientele.spark.conf."spark.eventLog.enabled"=true'
              --set "clientele.spark.conf.\"spark.eventLog.dir\"=\"file://$logs/events\"")
fi
stages_json=""
stages="ingest resolve score clv segment pipeline"
[[ -n "$only" ]] && stages="$only"
[[ "$only" == bi ]] && stages=""
for stage in $stages; do
  [[ "$stage" == pipeline ]] && rm -rf "$warehouse"
  t=$(now)
  rc=0
  # shellcheck disable=SC2086
  java $JVM_OPENS -Xmx"$heap" -Xlog:gc:file="$logs/gc-$stage.log" -cp "$cp" \
    dev.clientele.cli.ClienteleMain "$stage" --config "$out/clientele.conf" --as-of "$as_of" \
    --set clientele.warehouse="$warehouse" --set clientele.clustering.k=4 \
    "${spark_sets[@]}" > "$logs/$stage.log" 2>&1 || rc=$?
  secs=$(printf "%.3f" "$(echo "$(now) - $t" | bc)")
  summary="$(ls -t "$warehouse"/_runs/*/*.json 2>/dev/null | head -1 || true)"
  rows=$( [[ -n "$summary" && $rc -eq 0 ]] && python3 -c "import json,sys; \
s=json.load(open(sys.argv[1])); print(sum(x.get('rows_out') or 0 for x in s['stages']))" "$summary" \
    || echo null)
  peak=$(peak_heap_mib "$logs/gc-$stage.log"); peak=${peak:-null}
  # Inside the pipeline: each stage's seconds from the run summary.
  inner=$( [[ "$stage" == pipeline && -n "$summary" ]] && python3 -c "import json,sys; \
s=json.load(open(sys.argv[1])); print(json.dumps({x['stage']: x.get('seconds') for x in s['stages']}))" \
    "$summary" || echo null)
  if [[ $rc -ne 0 ]]; then
    echo "[bench] $stage FAILED (exit $rc) after ${secs}s: $(grep -m1 'clientele: failed' "$logs/$stage.log" || true)" >&2
    echo "[bench]   (expected until every stage is merged; see $logs/$stage.log) - continuing" >&2
  else
    echo "[bench] $stage: ${secs}s, rows out $rows, peak heap ${peak} MiB (load $(cut -d' ' -f1-3 /proc/loadavg))"
  fi
  stages_json+="${stages_json:+, }{\"stage\": \"$stage\", \"exit_code\": $rc, \"seconds\": $secs, \"rows_out\": $rows, \"peak_heap_mib\": $peak, \"stage_seconds\": $inner}"
done

# Resolution quality of the last pipeline (or resolve) warehouse against the generator's truth.
quality=null
if [[ "$only" != bi && -d "$warehouse/customer_identity_map" && -d "$out/truth/customers" ]]; then
  # shellcheck disable=SC2086
  if java $JVM_OPENS -Xmx"$heap" -cp "$bench_cp" dev.clientele.bench.ResolutionQuality \
      --data "$out" --warehouse "$warehouse" > "$logs/quality.log" 2>&1; then
    quality="$(grep '^{' "$logs/quality.log" | tail -1)"
    echo "[bench] resolution quality against the truth: $quality"
  else
    echo "[bench] resolution quality FAILED (see $logs/quality.log)" >&2
  fi
fi

# BI queries through Trino over the last pipeline's warehouse (issue 22's performance check).
trino=null
if [[ -n "$bi" && -d "$warehouse/customer_segments" ]]; then
  bi_cmd() { # sub-command and options
    # shellcheck disable=SC2086
    java $JVM_OPENS -Xmx2g -cp "$cp" dev.clientele.cli.ClienteleMain bi "$@" \
      --config "$out/clientele.conf" --set clientele.warehouse="$warehouse"
  }
  trap 'bi_cmd stop >> "$logs/bi.log" 2>&1 || true' EXIT
  if bi_cmd start > "$logs/bi.log" 2>&1 && bi_cmd register >> "$logs/bi.log" 2>&1; then
    url="$(sed -n 's/.*JDBC \(jdbc:trino:[^;]*\);.*/\1/p' "$logs/bi.log" | head -1)"
    # shellcheck disable=SC2086
    if java $JVM_OPENS -cp "$bench_cp" dev.clientele.bench.TrinoQueryBenchmark --jdbc-url "$url" \
        > "$logs/trino.log" 2>&1; then
      trino="$(grep '^{' "$logs/trino.log" | tail -1)"
      echo "[bench] Trino (load $(cut -d' ' -f1-3 /proc/loadavg)): $trino"
    else
      echo "[bench] Trino queries FAILED (see $logs/trino.log)" >&2
    fi
  else
    echo "[bench] bi start/register FAILED (see $logs/bi.log)" >&2
  fi
  bi_cmd stop >> "$logs/bi.log" 2>&1 || true
  trap - EXIT
fi

peer="$(cat "$logs/peer.json" 2>/dev/null || echo null)"
cat > "bench-results/$stamp.json" <<JSON
{"timestamp": "$stamp", "customers": $customers, "data": "$out", "as_of": "$as_of",
 "generate_seconds": $gen_seconds, "peer": $peer, "resolution_quality": $quality, "trino": $trino,
 "stages": [$stages_json]}
JSON
python3 - "bench-results/$stamp.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for s in r["stages"]:
    if s["exit_code"] == 0 and s["rows_out"] and s["seconds"]:
        s["rows_per_second"] = round(s["rows_out"] / s["seconds"], 1)
json.dump(r, open(sys.argv[1], "w"), indent=2)
PY
echo "[bench] results: bench-results/$stamp.json"
