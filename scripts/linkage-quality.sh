#!/usr/bin/env bash
# Measures identity resolution on a labelled sample of your own: ingest + resolve with your
# configuration (embedded Spark), then pairwise and B-cubed precision, recall and F1 of the
# clusters against a truth label read from the customer sources.
#   scripts/linkage-quality.sh --config my-labelled.conf --truth "person_id"
#   scripts/linkage-quality.sh --config febrl.conf --truth "regexp_extract(rec_id, 'rec-(\\d+)-', 1)"
# Options: --truth EXPR (required; Spark SQL over a customer source's own columns, null =
# unlabelled), --source NAME (labels from one customer source only), --warehouse DIR (default: a
# new temporary folder, so a check never writes into a production warehouse); anything else passes
# through to `clientele linkage-quality` (--as-of, --set, --profile ...).
set -euo pipefail
warehouse=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warehouse) warehouse="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [[ " ${args[*]:-} " != *" --config "* && " ${args[*]:-} " != *" --help "* ]]; then
  echo "usage: scripts/linkage-quality.sh --config FILE --truth EXPR [--source NAME] [--warehouse DIR]" >&2
  exit 2
fi
if [[ -z "$warehouse" ]]; then
  warehouse="$(mktemp -d -t clientele-linkage-XXXXXX)"
fi
echo "[clientele] linkage-quality warehouse: $warehouse" >&2
exec "$(dirname "$0")/run-local.sh" linkage-quality "${args[@]}" --set "clientele.warehouse=$warehouse"
