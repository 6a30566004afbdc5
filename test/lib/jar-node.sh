# Sourced by the Node-based test scripts (test/interop/tus-js, test/web): runs the packaged jar on free ports with
# a fresh data dir and only the REELAY_* settings the script gives, waits for its ready line, and stops it when the
# script exits (SIGTERM; SIGKILL after 30 s), printing the node's last lines if the script failed.
#
# Before sourcing: set -euo pipefail; $label (message prefix) and $root (the project root); die() is defined
# here unless the script has its own;
# $jar and $java are optional (default: REELAY_JAR or $root/target/reelay.jar, and JAVA_HOME's java or the PATH's).
# Then: jar_node_start [REELAY_X=value ...] sets $url, $pid, $log, $work, $admin_password;
#       jar_node_stop_cleanly fails the script unless the node exits 0 after SIGTERM.

declare -F die >/dev/null || die() { echo "$label: FAILED: $*" >&2; exit 1; }

jar="${jar:-${REELAY_JAR:-$root/target/reelay.jar}}"
java="${java:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
[ -f "$jar" ] || die "$jar not found; build it first (mvn -q -DskipTests package)"

work="$(mktemp -d "${TMPDIR:-/tmp}/reelay-${label// /-}.XXXXXX")"
log="$work/node.log"
pid=""

stop_node() {
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$label: node $pid ignored SIGTERM for 30 s; killing it" >&2
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

# Only what the script sets: no REELAY_* from the caller's environment.
for v in $(compgen -e | grep '^REELAY_' || true); do unset "$v"; done

jar_node_start() {
  admin_password="${label// /-}-$(date +%s)-$RANDOM"
  env REELAY_DATA_DIR="$work/data" REELAY_HTTP_HOST=127.0.0.1 REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 \
    REELAY_ADMIN_PASSWORD="$admin_password" "$@" \
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
}

jar_node_stop_cleanly() {
  local status=0
  kill -TERM "$pid"
  wait "$pid" || status=$?
  pid=""
  [ "$status" -eq 0 ] || die "the node exited with status $status after SIGTERM"
}
