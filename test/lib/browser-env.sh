# Sourced by the scripts that drive Chromium with test/web's playwright-core (test/web/run.sh,
# bench/web/first-frame.sh): checks Node.js ≥ 18 and ffmpeg, finds Chromium (CHROMIUM overrides) and exports it,
# and installs test/web's node_modules when missing.
#
# Before sourcing: set -euo pipefail; $root (the project root), and a die() function (jar-node.sh gives one).

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

if [ ! -d "$root/test/web/node_modules/playwright-core" ]; then
  (cd "$root/test/web" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi
