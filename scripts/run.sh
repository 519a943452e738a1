#!/usr/bin/env bash
# `make run`: the whole cluster on this machine, in the foreground.
# Web (gunicorn + gevent), two judge workers, one AI worker, one import worker
# (big problem packages) and the sweeper;
# Ctrl-C stops all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin

mkdir -p var
# Secrets are made once per checkout and kept in var/ (never committed).
# The umask 077 is the subshell's only: processes started below keep the caller's.
if [ ! -f var/panda.env ]; then
  (
    umask 077
    {
      echo "PANDA_SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
      echo "PANDA_JUDGE_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
    } > var/panda.env.new
    mv var/panda.env.new var/panda.env
  )
fi
set -a
# shellcheck disable=SC1091
. var/panda.env
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
JUDGES=${JUDGES:-2}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
PANDA_JUDGE_API_URL=${PANDA_JUDGE_API_URL:-http://$HOST:$PORT/api}
# Tests of one submission run in parallel; share the cores among the judges
# so that runs never queue for a core (that would turn slow runs into TLE).
PANDA_JUDGE_PARALLEL=${PANDA_JUDGE_PARALLEL:-$(( $(nproc) / JUDGES > 0 ? $(nproc) / JUDGES : 1 ))}
set +a

"$BIN/panda-web" init-db
"$BIN/panda-web" seed

pids=()
stopping=
stop() {
  trap - INT TERM EXIT
  stopping=1
  echo; echo "stopping..."
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM HUP EXIT

# Ctrl-C signals the terminal's whole process group. Only this script may act on
# it: the processes below run in sessions of their own (setsid) and the
# supervisors ignore SIGINT, so that everything stops once, in order, through
# stop() (a web that ended on its own SIGINT first read as a crash).
# supervise NAME CMD...: runs CMD, restarts it with backoff when it crashes.
# Exit status 2 is a permanent failure (panda-judge: its start-up check failed):
# it ends the supervisor with 2 and make run stops everything with the reason.
supervise() {
  local name=$1 delay=1 child rc started
  shift
  trap '' INT
  trap '[ -n "${child:-}" ] && kill -TERM "$child" 2>/dev/null; wait "${child:-}" 2>/dev/null; exit 0' TERM
  while true; do
    started=$SECONDS
    setsid "$@" & child=$!
    rc=0; wait "$child" || rc=$?
    child=
    [ "$rc" -eq 0 ] && exit 0
    if [ "$rc" -eq 2 ]; then
      echo "make run: $name failed its start-up check (exit 2); stopping everything" >&2
      exit 2
    fi
    # A process that ran a while gets a fresh backoff; one crashing at once waits longer.
    if [ $((SECONDS - started)) -gt 60 ]; then delay=1; fi
    echo "make run: $name exited with status $rc; restarting it in ${delay}s" >&2
    sleep "$delay"
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
}

setsid "$BIN/panda-web" serve --host "$HOST" --port "$PORT" & pids+=($!)
for i in $(seq "$JUDGES"); do
  PANDA_JUDGE_NODE=${PANDA_JUDGE_NODE_PREFIX:-$(hostname)}-judge$i supervise "judge $i" "$BIN/panda-judge" & pids+=($!)
done
supervise "AI worker" "$BIN/panda-ai-worker" & pids+=($!)
supervise "import worker" "$BIN/panda-web" import-worker & pids+=($!)
supervise sweeper "$BIN/panda-web" sweep --every 30 & pids+=($!)

for _ in $(seq 100); do
  curl -fsS "http://$HOST:$PORT/api/languages" >/dev/null 2>&1 && break
  sleep 0.2
done
cat <<MSG

  Coding-Panda is running: http://$HOST:$PORT/   (the web UI)
  API docs: http://$HOST:$PORT/api/docs   (OpenAPI spec: http://$HOST:$PORT/api/openapi.json)
  Logins:   admin / admin-panda   setter / setter-panda   demo / demo-panda
  Judges:   $JUDGES local-sandbox workers on queue "judge", restarted if they crash; Ctrl-C stops everything.

MSG
# The web, or a supervisor that met a permanent failure: stop the rest, with its status.
rc=0
wait -n "${pids[@]}" || rc=$?
if [ -z "$stopping" ]; then
  echo "make run: a process ended (status $rc); stopping the rest" >&2
  stop
  exit "$(( rc == 0 ? 1 : rc ))"
fi
