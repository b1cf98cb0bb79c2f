#!/usr/bin/env bash
# Takes a full-page-width screenshot of a clientele HTML report with headless Chromium.
#   scripts/screenshot-report.sh REPORT.html OUT.png [HEIGHT]
# Installs Debian's chromium package when it is missing (needs root, as on the project machines).
# The report is self-contained, so Chromium is kept off the network entirely.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png [HEIGHT (default 3000)]" >&2
  exit 2
fi
report="$(readlink -f "$1")"
out="$(readlink -f "$(dirname "$2")")/$(basename "$2")"
height="${3:-3000}"
[[ -f "$report" ]] || { echo "no such report: $1" >&2; exit 2; }

if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "chromium is not installed; run as root or: apt-get install -y chromium" >&2
    exit 3
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --window-size="1280,${height}" \
  --screenshot="$out" "file://$report" 2>/dev/null
[[ -s "$out" ]] || { echo "chromium wrote no screenshot to $out" >&2; exit 1; }
echo "screenshot: $out"
