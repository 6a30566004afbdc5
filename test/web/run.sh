#!/usr/bin/env bash
# The web app in a real browser: starts target/reelay.jar (built beforehand, e.g. by `mvn -q -DskipTests
# package`) on free ports with a fresh data dir, runs web.mjs (playwright-core driving the system's Chromium,
# ffmpeg making the clips and publishing RTMP), stops the node with SIGTERM. Exits non-zero on any failure.
# Screenshots of each page go to target/web-screenshots/.
#
#   test/web/run.sh                 (from anywhere; REELAY_JAR overrides the jar's path,
#                                    CHROMIUM the browser's, WEB_ONLY=name,… runs some scenarios)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

label="web tests"
. "$root/test/lib/jar-node.sh"
. "$root/test/lib/browser-env.sh"
started=$(date +%s)
jar_node_start REELAY_LIVE_RECONNECT_GRACE_MILLIS=2000
echo "web tests: node ready at $url after $(( $(date +%s) - started )) s"

mkdir -p "$root/target/web-screenshots"
(cd "$here" && REELAY_ADMIN_PASSWORD="$admin_password" SCREENSHOTS="$root/target/web-screenshots" WORK="$work" \
  node web.mjs "$url") || die "web.mjs failed"

jar_node_stop_cleanly
echo "web tests: OK in $(( $(date +%s) - started )) s"
