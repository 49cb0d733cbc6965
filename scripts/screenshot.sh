#!/usr/bin/env bash
# screenshot.sh renders the flagger's HTML report of the bundled seeds with
# headless Chromium: /tmp/reprint-seeds.html and /tmp/reprint-seeds.png.
# Usage: scripts/screenshot.sh [WIDTH,HEIGHT]   (default 1400,2000)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1400,2000}"
html=/tmp/reprint-seeds.html
png=/tmp/reprint-seeds.png

go run ./examples/flag -format html testdata/seeds > "$html"

if ! command -v chromium >/dev/null 2>&1; then
	echo "screenshot: chromium not found; installing it from Debian" >&2
	sudo=""
	if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
	$sudo apt-get update
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--screenshot="$png" --window-size="$size" "file://$html"
echo "wrote $html and $png"
