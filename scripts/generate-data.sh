#!/usr/bin/env bash
# Writes synthetic online and offline sources, truth/ and a ready clientele.conf:
#   scripts/generate-data.sh --customers 100000 --out data-external/bench-100k [--seed 42]
#                            [--overlap 0.3] [--bad-share 0.002] [--crm-share 0.3]
# --crm-share S (messy CRM mode): a share S of the persons also gets one to three hand-typed CRM
# contacts (nicknames, swapped or missing names, typed birth dates, missing fields) in
# crm_contacts/, with their truth in truth/customers and their source in clientele.conf.
# About ten order lines per customer. Environment: CLIENTELE_DRIVER_MEMORY (default 4g).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# lib.sh's freshness check pipes `find -newer <missing jar>` (exit 1) on a clean clone: no pipefail there.
set +o pipefail; clientele_build; set -o pipefail
cd "$CLIENTELE_ROOT"
# shellcheck disable=SC2086
exec java $JVM_OPENS -Xmx"${CLIENTELE_DRIVER_MEMORY:-4g}" \
  -cp "$(clientele_bench_classpath)" dev.clientele.bench.GenerateData "$@"
