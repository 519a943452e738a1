#!/usr/bin/env bash
# The docker sandbox's images: builds the ones missing, reuses the ones built.
#
#   images/build.sh             root file system, base, and every runtime image
#   images/build.sh save FILE   write all of them to FILE (a docker save tar)
#   images/build.sh load FILE   load them on a host that cannot build (air-gapped)
#
# Tags are hashes of the recipes (judge/sandbox/docker_images.py), so an image
# is rebuilt only when its recipe, or one it starts FROM, changed.
# PANDA_IMAGE_ROOT=debian:bookworm-slim starts from the official image (pulled)
# instead of debootstrap; PANDA_IMAGE_RUNTIMES="python cpp" builds only those.
# Build logs: var/images/<name>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0  # the classic builder: no buildx plugin needed
eval "$(python3 judge/sandbox/docker_images.py --shell)"
RUNTIMES=${PANDA_IMAGE_RUNTIMES:-$RUNTIMES}
LOGS=var/images
mkdir -p "$LOGS"

have() { docker image inspect "$1" >/dev/null 2>&1; }
all_tags() { echo "$ROOT_IMAGE $BASE_IMAGE" $(for r in $RUNTIMES; do eval echo "\$IMAGE_$r"; done); }

build_root() {
  have "$ROOT_IMAGE" && return 0
  if [ -n "${PANDA_IMAGE_ROOT:-}" ]; then
    docker pull "$ROOT_IMAGE"
  else
    bash images/base/build.sh "$ROOT_IMAGE"
  fi
}

# build NAME TAG DIR BUILD-ARG: one docker build, its output in the log.
build() {
  local started=$SECONDS
  if docker build --network host --build-arg "$4" -t "$2" "$3" >"$LOGS/$1.log" 2>&1; then
    echo "built $2 in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$2" | numfmt --to=iec))"
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

build_all() {
  local started=$SECONDS
  build_root
  have "$BASE_IMAGE" || build base "$BASE_IMAGE" images/base "ROOT=$ROOT_IMAGE"
  # Runtime builds mostly wait on downloads and dpkg: run them side by side.
  local pids=() failed=0 runtime tag
  for runtime in $RUNTIMES; do
    tag=$(eval echo "\$IMAGE_$runtime")
    if have "$tag"; then
      continue
    fi
    build "$runtime" "$tag" "images/$runtime" "BASE=$BASE_IMAGE" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" = 0 ] || exit 1
  for runtime in $RUNTIMES; do
    drop_stale "panda-$runtime" "$(eval echo "\$IMAGE_$runtime")"
  done
  echo "images: $(all_tags) ready in $((SECONDS - started)) s"
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
