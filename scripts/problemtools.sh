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
# The statement check: problem2html runs tidy, problem2pdf pandoc and LuaLaTeX. These are
# the Debian packages problemtools' own .deb depends on (about 140 MB, once).
STATEMENT_PACKAGES=(tidy pandoc texlive-plain-generic texlive-fonts-recommended texlive-latex-extra
    texlive-luatex ghostscript dvisvgm fonts-cmu fonts-noto-color-emoji)
missing=()
for package in "${STATEMENT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "problemtools: installing what its statement check needs: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi
mkdir -p "$VENV/config/problemtools"
cp "$ROOT/scripts/problemtools/languages.yaml" "$VENV/config/problemtools/languages.yaml"
export XDG_CONFIG_HOME="$VENV/config"
# Go builds need a writable cache of their own; HOME may be read-only in CI.
export GOCACHE="${GOCACHE:-$VENV/go-cache}"
[[ $# -eq 0 ]] && exit 0
exec "$VENV/bin/verifyproblem" "$@"
