#!/usr/bin/env bash
# A private Docker engine for the docker sandbox backend and its tests.
#
#   scripts/docker_engine.sh start    start one unless one answers on $PANDA_DOCKER_HOST
#   scripts/docker_engine.sh stop     stop it, only if this script started it
#   scripts/docker_engine.sh status   exit 0 when it answers
#   scripts/docker_engine.sh run CMD  start it (if it can), build or reuse the
#                                     images, run CMD with DOCKER_HOST set, stop
#                                     the engine if this started it; CMD's status
#
# The engine has no network of its own (no bridge, no iptables): sandbox
# containers run with --network none, and image builds use the host network.
# Its data root (/var/lib/panda-docker) is kept across runs, so built images
# are reused. `start` exits 3 (with the reason) when dockerd cannot run here.
set -euo pipefail
cd "$(dirname "$0")/.."

SOCKET=${PANDA_DOCKER_SOCKET:-/run/panda-docker.sock}
export DOCKER_HOST=unix://$SOCKET
DATA_ROOT=${PANDA_DOCKER_DATA_ROOT:-/var/lib/panda-docker}
EXEC_ROOT=${PANDA_DOCKER_EXEC_ROOT:-/run/panda-docker}
PIDFILE=$EXEC_ROOT.pid
# Written only when this script started the engine: `stop` needs it.
STARTED_MARK=var/docker-engine.started
LOG=var/docker-engine.log
BOX_DIRS=${PANDA_DOCKER_DIRS:-/var/lib/panda-docker-boxes}

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "docker engine: missing ${missing[*]} and not root" >&2
    return 1
  fi
  echo "docker engine: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start() {
  if answers; then
    echo "docker engine: answers on $DOCKER_HOST"
    return 0
  fi
  install_packages || exit 3
  if [ "$(id -u)" != 0 ]; then
    echo "docker engine: cannot start dockerd (not root)" >&2
    exit 3
  fi
  mkdir -p var "$DATA_ROOT" "$EXEC_ROOT"
  if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    rm -f "$PIDFILE" "$SOCKET"  # left by an engine that died
  fi
  echo "docker engine: starting dockerd on $DOCKER_HOST (data root $DATA_ROOT, log $LOG)"
  # setsid: the engine outlives this shell; make stops it with `stop`.
  setsid dockerd --iptables=false --ip-masq=false --bridge=none \
    --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    -H "$DOCKER_HOST" >"$LOG" 2>&1 </dev/null &
  local pid=$!
  for _ in $(seq 150); do
    if answers; then
      echo "$pid" >"$STARTED_MARK"
      echo "docker engine: up (pid $pid, dockerd $(docker version --format '{{.Server.Version}}'))"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "docker engine: dockerd exited; its log says:" >&2
      tail -5 "$LOG" >&2
      exit 3
    fi
    sleep 0.2
  done
  echo "docker engine: dockerd did not answer within 30 s; see $LOG" >&2
  kill "$pid" 2>/dev/null || true
  exit 3
}

stop() {
  if [ ! -f "$STARTED_MARK" ]; then
    echo "docker engine: not started by this script; left alone"
    return 0
  fi
  local pid
  pid=$(cat "$STARTED_MARK")
  rm -f "$STARTED_MARK"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "docker engine: already stopped"
    return 0
  fi
  # Our sandbox containers first, so dockerd exits promptly, then their host
  # tmpfs mounts (judge/sandbox/docker/pool.py).
  docker ps -aq --filter label=panda.sandbox | xargs -r docker rm -f >/dev/null 2>&1 || true
  for dir in "$BOX_DIRS"/*/; do
    [ -d "$dir" ] || continue
    umount -l "$dir/box" "$dir/tmp" 2>/dev/null || true
    rm -rf "$dir"
  done
  kill -TERM "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { echo "docker engine: stopped"; return 0; }
    sleep 0.2
  done
  echo "docker engine: dockerd (pid $pid) still running after 20 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

# The docker backend's tests skip (with the reason) only when dockerd cannot run here.
run() {
  local status=0 ours_before=0
  STARTED_HERE=0
  [ -f "$STARTED_MARK" ] && ours_before=1
  if (start); then
    [ "$ours_before" = 0 ] && [ -f "$STARTED_MARK" ] && STARTED_HERE=1
    # Stop what we started even when the images or the command fail.
    trap '[ "$STARTED_HERE" = 1 ] && stop' EXIT
    bash images/build.sh || { echo "docker engine: building the images failed" >&2; exit 1; }
  else
    echo "docker engine: cannot start here; the docker backend's tests will be skipped" >&2
  fi
  "$@" || status=$?
  return $status
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run)
    shift
    run "$@"
    ;;
  status) answers && echo "docker engine: answers on $DOCKER_HOST" ;;
  *)
    echo "usage: $0 start|stop|status|run CMD..." >&2
    exit 2
    ;;
esac
