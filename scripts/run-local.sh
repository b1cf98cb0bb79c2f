#!/usr/bin/env bash
# Runs clientele with embedded Spark (local[*]). With no subcommand it runs `pipeline` on the
# bundled samples (profile `local`); further arguments pass through:
#   scripts/run-local.sh                                   # pipeline on data-samples/
#   scripts/run-local.sh --as-of 2024-06-30                # pipeline as of another day
#   scripts/run-local.sh --config conf/examples/online-retail.conf --as-of 2011-12-09
#   scripts/run-local.sh clv --help                        # one subcommand
# Environment: CLIENTELE_DRIVER_MEMORY (default 4g), CLIENTELE_PROFILE (default local).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
clientele_build
cd "$CLIENTELE_ROOT"

subcommands=" pipeline ingest resolve train-identity linkage-quality score clv segment report validate backfill erase purge rotate-key export-person bi help "
if [[ $# -eq 0 || " $subcommands " != *" $1 "* ]]; then
  [[ "${1:-}" == "--help" || "${1:-}" == "-h" || "${1:-}" == "--version" || "${1:-}" == "-V" ]] || set -- pipeline "$@"
fi

# The bundled samples unless the caller names a configuration.
if [[ " $* " != *" --config "* && " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  set -- "$@" --config conf/samples.conf
fi

# shellcheck disable=SC2086
exec java $JVM_OPENS -Xmx"${CLIENTELE_DRIVER_MEMORY:-4g}" \
  -cp "$CLIENTELE_THIN_JAR:$(cat "$CLIENTELE_CLASSPATH_FILE")" \
  dev.clientele.cli.ClienteleMain "$@"
