#!/usr/bin/env bash
# Kattis problemtools (the reference verifier) from PyPI, in a venv of its own:
#   scripts/problemtools.sh [verifyproblem args...]
# installs it under var/problemtools once, then runs verifyproblem with our languages.yaml.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${PROBLEMTOOLS_VENV:-$ROOT/var/problemtools}"
VERSION="${PROBLEMTOOLS_VERSION:-1.20260907}"
if [[ "$("$VENV/bin/verifyproblem" --version 2>/dev/null || true)" != *"$VERSION"* ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "problemtools==$VERSION"
fi
# problem2html (the statement check) runs tidy; a small Debian package.
if ! command -v tidy >/dev/null; then
    apt-get install -y -q tidy >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q tidy >/dev/null; }
fi
mkdir -p "$VENV/config/problemtools"
cp "$ROOT/scripts/problemtools/languages.yaml" "$VENV/config/problemtools/languages.yaml"
export XDG_CONFIG_HOME="$VENV/config"
# Go builds need a writable cache of their own; HOME may be read-only in CI.
export GOCACHE="${GOCACHE:-$VENV/go-cache}"
[[ $# -eq 0 ]] && exit 0
exec "$VENV/bin/verifyproblem" "$@"
