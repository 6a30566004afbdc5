#!/usr/bin/env bash
# tus-js-client against a real Reelay node: starts target/reelay.jar (built beforehand, e.g. by
# `mvn -q -DskipTests package`) on free ports with a fresh data dir, registers a user, runs upload.mjs
# (interrupted and resumed uploads, verified), stops the node with SIGTERM. Exits non-zero on any failure.
#
#   test/interop/tus-js/run.sh            (from anywhere; REELAY_JAR overrides the jar's path)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
jar="${REELAY_JAR:-$root/target/reelay.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "tus-js interop: FAILED: $*" >&2; exit 1; }

[ -f "$jar" ] || die "$jar not found; build it first (mvn -q -DskipTests package)"
command -v node >/dev/null || die "node is not installed (Node.js 18 or later is needed)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] || die "Node.js $(node --version) is too old; 18 or later is needed"
command -v curl >/dev/null || die "curl is not installed"

if [ ! -d "$here/node_modules/tus-js-client" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi

label="tus-js interop"
. "$root/test/lib/jar-node.sh"
jar_node_start
echo "tus-js interop: node ready at $url"

user="tusjs$(date +%s)$RANDOM"
register="$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"correct horse battery\"}" "$url/api/auth/register")" \
  || die "could not reach $url/api/auth/register"
code="$(tail -n 1 <<<"$register")"
[ "$code" = 201 ] || die "register answered $code: $(head -n -1 <<<"$register")"
token="$(head -n -1 <<<"$register" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).token||""))')"
[ -n "$token" ] || die "register returned no token"

result="$(cd "$here" && node upload.mjs "$url" "$token")" || { echo "$result"; die "upload.mjs failed"; }
echo "$result"

jar_node_stop_cleanly
echo "tus-js interop: OK"
