#!/usr/bin/env bash
# screenshot.sh renders the flagger's HTML report with headless Chromium:
# /tmp/reprint-NAME.html and /tmp/reprint-NAME.png.
# Usage: scripts/screenshot.sh [WIDTH,HEIGHT] [INPUT]   (default 1400,2000 testdata/seeds)
# INPUT is anything the flagger reads (a directory of *.txt, a .jsonl file),
# or "chain": the three-level story that TestChainStory in examples/flag
# builds from the seed texts (a copy of a copy, and a claimed origin).
# NAME is "seeds", "chain", or the input's base name.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1400,2000}"
input="${2:-testdata/seeds}"

case "$input" in
testdata/seeds | testdata/seeds/) name=seeds ;;
chain)
	name=chain
	input=/tmp/reprint-chain.jsonl
	go test ./examples/flag -run '^TestChainStory$' -count=1 -args -chain-out "$input" >/dev/null
	;;
*)
	name="$(basename "$input")"
	name="${name%.*}"
	;;
esac
html="/tmp/reprint-$name.html"
png="/tmp/reprint-$name.png"

go run ./examples/flag -format html "$input" > "$html"

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
