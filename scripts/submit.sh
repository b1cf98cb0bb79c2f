#!/usr/bin/env bash
# Submits the job jar with spark-submit and the project's defaults.
#   scripts/submit.sh --master spark://host:7077 [any spark-submit option]... [--config FILE]
#                     [--as-of YYYY-MM-DD] [SUBCOMMAND] [more job options]
#   scripts/submit.sh --master yarn --queue etl [spark-submit options] -- [job options]
# Every option before the subcommand (or before a `--`) goes to spark-submit (--queue, --keytab,
# --principal, --name, --archives, ...), except the job's own --config, --as-of, --profile, --set
# and --run-id, which go to the job as before. SUBCOMMAND defaults to `pipeline`; the profile
# defaults to `cluster`. The config file travels with the job (--files), so nothing depends on the
# submitting machine's working directory.
# Uses $SPARK_HOME/bin/spark-submit, else spark-submit on PATH, else SparkSubmit from
# $SPARK_HOME/jars (as scripts/local-cluster.sh sets up).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

subcommands=" pipeline ingest resolve train-identity linkage-quality score clv segment report validate backfill erase purge rotate-key export-person bi "
# spark-submit's options that take no value; every other one takes exactly one.
spark_flags=" --verbose -v --supervise --help -h --version "
master="" deploy_mode="client" config="" spark_args=() job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --) shift; job_args=("$@" "${job_args[@]}"); break ;;
    --master) master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --deploy-mode) deploy_mode="$2"; shift 2 ;;
    --deploy-mode=*) deploy_mode="${1#--deploy-mode=}"; shift ;;
    --config) config="$2"; shift 2 ;;
    --as-of|--profile|--set|--run-id) job_args+=("$1" "$2"); shift 2 ;;
    --*=*) spark_args+=("$1"); shift ;;
    -*)
      if [[ "$spark_flags" == *" $1 "* ]]; then spark_args+=("$1"); shift
      else [[ $# -ge 2 ]] || { echo "submit.sh: $1 needs a value" >&2; exit 2; }
        spark_args+=("$1" "$2"); shift 2; fi ;;
    *)
      # The subcommand: it and everything after it go to the job.
      job_args=("$@" "${job_args[@]}"); break ;;
  esac
done
[[ -n "$master" ]] || { echo "submit.sh: --master is required" >&2; exit 2; }
if [[ ${#job_args[@]} -eq 0 || "$subcommands" != *" ${job_args[0]} "* ]]; then
  job_args=(pipeline "${job_args[@]}")
fi
if [[ -n "$config" ]]; then
  spark_args+=(--files "$config")
  # In cluster mode the driver reads the copy shipped with --files from its working directory.
  if [[ "$deploy_mode" == "cluster" ]]; then job_args+=(--config "$(basename "$config")");
  else job_args+=(--config "$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"); fi
fi
CLIENTELE_JOB_JAR="${CLIENTELE_SUBMIT_JAR:-$CLIENTELE_JOB_JAR}"
[[ -f "$CLIENTELE_JOB_JAR" ]] || (cd "$CLIENTELE_ROOT" && mvn -B -q -DskipTests package)

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  submit=("$SPARK_HOME/bin/spark-submit")
elif command -v spark-submit >/dev/null; then
  submit=(spark-submit)
else
  SPARK_HOME="${SPARK_HOME:-$CLIENTELE_ROOT/jobs/target/spark-home}"
  clientele_spark_home "$SPARK_HOME"
  export SPARK_HOME SPARK_SCALA_VERSION=2.13
  # shellcheck disable=SC2206
  submit=(java $JVM_OPENS -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit)
fi

profile=(--profile "${CLIENTELE_PROFILE:-cluster}")
[[ " ${job_args[*]} " != *" --profile "* ]] || profile=()
exec "${submit[@]}" --master "$master" --deploy-mode "$deploy_mode" \
  --class dev.clientele.cli.ClienteleMain \
  --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
  --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog \
  "${spark_args[@]}" "$CLIENTELE_JOB_JAR" \
  "${job_args[0]}" "${profile[@]}" "${job_args[@]:1}"
