#!/usr/bin/env bash
# A local Trino over the warehouse for BI tools (docs/bi.md): a thin wrapper of `clientele bi`.
#   scripts/bi-trino.sh start                      # fetch (once, through Maven), configure, start
#   scripts/bi-trino.sh register [--include-pii]   # register the tables, (re)create *_current views
#   scripts/bi-trino.sh sql "SELECT ... FROM customer_segments_current"
#   scripts/bi-trino.sh stop
# Every `clientele` option applies (--config, --set clientele.warehouse=..., CLIENTELE__* ...).
# Trino needs Java 24+: JAVA_HOME, CLIENTELE_TRINO_JAVA_HOME or the usual JVM folders; the job
# itself runs on this shell's java (17).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
clientele_build
cd "$CLIENTELE_ROOT"
[[ $# -gt 0 ]] || set -- --help
# shellcheck disable=SC2086
exec java $JVM_OPENS -Xmx"${CLIENTELE_DRIVER_MEMORY:-2g}" \
  -cp "$CLIENTELE_THIN_JAR:$(cat "$CLIENTELE_CLASSPATH_FILE")" \
  dev.clientele.cli.ClienteleMain bi "$@"
