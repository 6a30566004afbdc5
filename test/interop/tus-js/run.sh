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

work="$(mktemp -d "${TMPDIR:-/tmp}/reelay-tus-js.XXXXXX")"
log="$work/node.log"
pid=""

stop_node() {
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "tus-js interop: node $pid ignored SIGTERM for 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  pid=""
}

cleanup() {
  status=$?
  stop_node
  if [ "$status" -ne 0 ] && [ -f "$log" ]; then
    echo "---- last lines of the node's output ($log) ----" >&2
    tail -n 60 "$log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only what this script sets: no REELAY_* from the caller's environment.
for v in $(compgen -e | grep '^REELAY_' || true); do unset "$v"; done

admin_password="tus-js-$(date +%s)-$RANDOM"
REELAY_DATA_DIR="$work/data" REELAY_HTTP_HOST=127.0.0.1 REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 \
  REELAY_ADMIN_PASSWORD="$admin_password" \
  "$java" -jar "$jar" >"$log" 2>&1 &
pid=$!

url=""
for _ in $(seq 1 1800); do # up to 180 s: a first start unpacks and initialises the embedded services
  url="$(sed -n 's/^reelay ready \(http:\/\/[^ ]*\).*$/\1/p' "$log" | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || die "the node exited before it was ready"
  sleep 0.1
done
[ -n "$url" ] || die "no 'reelay ready' line within 180 s"
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

stop_node_status=0
kill -TERM "$pid"
wait "$pid" || stop_node_status=$?
pid=""
[ "$stop_node_status" -eq 0 ] || die "the node exited with status $stop_node_status after SIGTERM"
echo "tus-js interop: OK"
