#!/usr/bin/env bash
# Renders an HTML report to a PNG in headless Chromium, for a look at the charts.
#
#   scripts/render-html.sh REPORT.html OUT.png [WIDTH] [HEIGHT]
#
# Installs Debian's `chromium` (and CJK fonts, so Chinese labels render) with
# apt-get when missing. Exits 0 with a "skipped:" line when Chromium cannot be
# installed here (no apt-get, no root), so CI runs it only where the package installs.
set -euo pipefail

html=${1:?usage: render-html.sh REPORT.html OUT.png [WIDTH] [HEIGHT]}
png=${2:?usage: render-html.sh REPORT.html OUT.png [WIDTH] [HEIGHT]}
width=${3:-1100}
height=${4:-5200}

if [ ! -f "$html" ]; then
  echo "error: '$html' does not exist" >&2
  exit 1
fi

find_chromium() {
  command -v chromium || command -v chromium-browser || true
}

browser=$(find_chromium)
if [ -z "$browser" ] || ! fc-list 2>/dev/null | grep -i "cjk" >/dev/null; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing chromium and fonts-noto-cjk with apt-get …" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 &&
        apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1; } ||
      true
    browser=$(find_chromium)
  fi
fi
if [ -z "$browser" ]; then
  echo "skipped: chromium is not installed and cannot be installed here"
  exit 0
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
rm -f "$png"
# A fresh profile, nothing fetched or synced: the page must stand on its own.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
  --disable-background-networking --disable-component-update --disable-sync \
  --no-first-run --hide-scrollbars --force-device-scale-factor=1 \
  --user-data-dir="$profile" --window-size="$width,$height" \
  --screenshot="$png" "file://$abs" >/dev/null 2>&1 || true
if [ ! -s "$png" ]; then
  echo "error: chromium wrote no screenshot of '$html'" >&2
  exit 1
fi
echo "$png"
