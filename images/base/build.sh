#!/usr/bin/env bash
# The root file system the base image (base/Dockerfile) starts FROM, made without a registry:
# a minimal Debian bookworm (debootstrap --variant=minbase) imported as an image.
#
#   images/base/build.sh TAG
#
# Offline/air-gapped sites: point PANDA_DEBIAN_MIRROR at a local mirror
# (http://... or file:///...), or build elsewhere and move the images with
# `images/build.sh save FILE` / `images/build.sh load FILE`.
set -euo pipefail
TAG=${1:?usage: $0 TAG}
SUITE=bookworm

mirror() {
  [ -n "${PANDA_DEBIAN_MIRROR:-}" ] && { echo "$PANDA_DEBIAN_MIRROR"; return; }
  # The host's own Debian mirror (deb822 sources first, then the one-line format).
  local found
  found=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$found" ] || found=$(awk '/^deb / && !/security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
  echo "${found:-http://deb.debian.org/debian}"
}

command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
ROOTFS=$(mktemp -d /var/tmp/panda-rootfs.XXXXXX)
trap 'rm -rf "$ROOTFS" "$ROOTFS.log"' EXIT
echo "root file system: debootstrap $SUITE from $(mirror)"
debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$(mirror)" >"$ROOTFS.log" 2>&1 \
  || { tail -20 "$ROOTFS.log" >&2; exit 1; }
rm -f "$ROOTFS.log"
# What an image does not need: downloaded packages, package lists, docs.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
tar -C "$ROOTFS" -c . | docker import --change 'CMD ["/bin/bash"]' - "$TAG" >/dev/null
echo "root file system image: $TAG"
