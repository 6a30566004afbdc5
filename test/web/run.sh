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
jar="${REELAY_JAR:-$root/target/reelay.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "web tests: FAILED: $*" >&2; exit 1; }

[ -f "$jar" ] || die "$jar not found; build it first (mvn -q -DskipTests package)"
command -v node >/dev/null || die "node is not installed (Node.js 18 or later is needed)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] || die "Node.js $(node --version) is too old; 18 or later is needed"
command -v ffmpeg >/dev/null || die "ffmpeg is not installed"
if [ -z "${CHROMIUM:-}" ]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null; then CHROMIUM="$(command -v "$c")"; break; fi
  done
fi
[ -n "${CHROMIUM:-}" ] || die "no Chromium found (apt-get install chromium, or set CHROMIUM)"
export CHROMIUM

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi

label="web tests"
. "$root/test/lib/jar-node.sh"
started=$(date +%s)
jar_node_start REELAY_LIVE_RECONNECT_GRACE_MILLIS=2000
echo "web tests: node ready at $url after $(( $(date +%s) - started )) s"

mkdir -p "$root/target/web-screenshots"
(cd "$here" && REELAY_ADMIN_PASSWORD="$admin_password" SCREENSHOTS="$root/target/web-screenshots" WORK="$work" \
  node web.mjs "$url") || die "web.mjs failed"

jar_node_stop_cleanly
echo "web tests: OK in $(( $(date +%s) - started )) s"
