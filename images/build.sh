#!/usr/bin/env bash
# The docker sandbox's images: builds the ones missing, reuses the ones built.
#
#   images/build.sh             root file system, base, and every runtime's two
#                               images (full: compiles; run: slim, runs), sizes
#   images/build.sh save FILE   write all of them to FILE (a docker save tar)
#   images/build.sh load FILE   load them on a host that cannot build (air-gapped)
#
# Tags are hashes of the recipes (judge/sandbox/docker/images.py), so an image
# is rebuilt only when its recipe, or one it starts FROM, changed.
# PANDA_IMAGE_ROOT=debian:bookworm-slim starts from the official image (pulled)
# instead of debootstrap; PANDA_IMAGE_RUNTIMES="python cpp" builds only those.
# Build logs: var/images/<name>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0  # the classic builder: no buildx plugin needed
# The project's venv when there is one: the recipe module imports the judge's config and
# queues' language table (queues needs its dependencies).
PYTHON=.venv/bin/python
[ -x "$PYTHON" ] || PYTHON=python3
eval "$("$PYTHON" -m judge.sandbox.docker.images --shell)"
RUNTIMES=${PANDA_IMAGE_RUNTIMES:-$RUNTIMES}
LOGS=var/images
mkdir -p "$LOGS"

have() { docker image inspect "$1" >/dev/null 2>&1; }
tag_of() { eval echo "\$$1_$2"; }  # tag_of IMAGE|RUN_IMAGE RUNTIME
all_tags() {
  echo "$ROOT_IMAGE $BASE_IMAGE" $(for r in $RUNTIMES; do echo "$(tag_of IMAGE "$r") $(tag_of RUN_IMAGE "$r")"; done)
}
size() { docker image inspect -f '{{.Size}}' "$1" | numfmt --to=si --suffix=B; }

build_root() {
  have "$ROOT_IMAGE" && return 0
  if [ -n "${PANDA_IMAGE_ROOT:-}" ]; then
    docker pull "$ROOT_IMAGE"
  else
    bash images/base/build.sh "$ROOT_IMAGE"
  fi
}

# build NAME TAG DIR BUILD-ARG [TARGET]: one docker build, its output in the log.
build() {
  local started=$SECONDS
  if docker build --network host --build-arg "$4" ${5:+--target "$5"} -t "$2" "$3" >"$LOGS/$1.log" 2>&1; then
    echo "built $2 in $((SECONDS - started)) s ($(size "$2"))"
  else
    echo "building $2 failed; the end of $LOGS/$1.log:" >&2
    tail -15 "$LOGS/$1.log" >&2
    return 1
  fi
}

# Old tags of a runtime (an earlier recipe) only take disk space.
drop_stale() {
  docker images --format '{{.Repository}}:{{.Tag}}' "$1" | grep -vxF "$2" | xargs -r docker rmi >/dev/null 2>&1 || true
}

# A runtime's full image, then its run image (its full stage comes from the cache).
build_runtime() {
  local full run
  full=$(tag_of IMAGE "$1") run=$(tag_of RUN_IMAGE "$1")
  have "$full" || build "$1" "$full" "images/$1" "BASE=$BASE_IMAGE" full || return 1
  have "$run" || build "$1-run" "$run" "images/$1" "BASE=$BASE_IMAGE" run
}

build_all() {
  local started=$SECONDS
  build_root
  have "$BASE_IMAGE" || build base "$BASE_IMAGE" images/base "ROOT=$ROOT_IMAGE"
  # Runtime builds mostly wait on downloads and dpkg: run them side by side.
  local pids=() failed=0 runtime
  for runtime in $RUNTIMES; do
    if have "$(tag_of IMAGE "$runtime")" && have "$(tag_of RUN_IMAGE "$runtime")"; then
      continue
    fi
    build_runtime "$runtime" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || exit 1
  for runtime in $RUNTIMES; do
    drop_stale "panda-$runtime" "$(tag_of IMAGE "$runtime")"
    drop_stale "panda-$runtime-run" "$(tag_of RUN_IMAGE "$runtime")"
  done
  echo "images: $(all_tags) ready in $((SECONDS - started)) s"
  for runtime in $RUNTIMES; do
    printf '  %-7s full %7s   run %7s\n' "$runtime" "$(size "$(tag_of IMAGE "$runtime")")" \
      "$(size "$(tag_of RUN_IMAGE "$runtime")")"
  done
}

case "${1:-build}" in
  build) build_all ;;
  save) docker save -o "${2:?usage: $0 save FILE}" $(all_tags) ;;
  load) docker load -i "${2:?usage: $0 load FILE}" ;;
  *)
    echo "usage: $0 [build | save FILE | load FILE]" >&2
    exit 2
    ;;
esac
