#!/bin/sh
# Screenshots of the built site at a phone's width (375 px) and a desktop's (1280 px), to look
# at by eye after changing templates, styles or charts. Nothing is compared automatically.
#
#   Tests/screenshots.sh [OUTPUT_DIR] [SHOTS_DIR]     (defaults: output/ and .screenshots/)
#
# Needs chromium and a CJK font: apt-get install -y chromium fonts-noto-cjk
set -eu
site=${1:-output}
shots=${2:-.screenshots}
port=${PORT:-8765}
[ -f "$site/index.html" ] || { echo "no built site in $site (run: swift run showcase build)" >&2; exit 1; }
mkdir -p "$shots"
# Served over HTTP: the pages link their styles from the site's root (/assets/…).
python3 -m http.server -d "$site" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT INT TERM
sleep 1
for page in "" organizations/ projects/ statistics/ statistics/organizations/ statistics/projects/ \
            statistics/events/ statistics/articles/ about/; do
  name=$(printf '%s' "${page:-home}" | tr '/' '-' | sed 's/-$//')
  for width in 375 1280; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,${HEIGHT:-4000}" \
      --screenshot="$shots/$name-$width.png" "http://localhost:$port/$page" >/dev/null 2>&1
  done
  echo "$shots/$name-375.png  $shots/$name-1280.png"
done
