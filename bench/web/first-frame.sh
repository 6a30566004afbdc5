#!/usr/bin/env bash
# Watch page → first frame, and the bytes a viewer fetches in the first 10 s of playback (issue 7).
# Starts target/reelay.jar on free ports with a fresh data dir, uploads a ≥ 60 s 720p clip with ffmpeg + tus,
# waits until it is transcoded, then opens the watch page RUNS times (default 5), each in a fresh browser
# context (empty cache: hls.js, the app's modules and the playlists all load), and prints each run and the median:
#   - first frame: navigation start → the first video frame presented (requestVideoFrameCallback), and → `playing`;
#   - the requests before the first segment, with their start and end times (where the time goes);
#   - bytes of /vod/ responses in the first 10 s after the first frame, against the whole rung's size.
#
#   bench/web/first-frame.sh          (RUNS=n, CLIP_SECONDS=n (≥ 60), CHROMIUM=/path, REELAY_JAR=/path)
# Needs Node.js ≥ 18, ffmpeg and Chromium (test/lib/browser-env.sh checks; it installs test/web's node_modules).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
label="first frame"
. "$root/test/lib/jar-node.sh"
. "$root/test/lib/browser-env.sh"
seconds="${CLIP_SECONDS:-60}"
clip="$work/clip.mp4"
# 1280x720 so that the ladder has three rungs (720p, 480p, 360p), as a typical upload would.
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=duration=$seconds:size=1280x720:rate=30" \
  -f lavfi -i "sine=frequency=440:duration=$seconds" -c:v libx264 -preset veryfast -pix_fmt yuv420p -g 60 \
  -c:a aac -shortest "$clip"
jar_node_start
echo "first-frame: node ready at $url; clip $seconds s, $(stat -c %s "$clip") bytes"
node "$here/first-frame.mjs" "$url" "$clip" "${RUNS:-5}"
jar_node_stop_cleanly
