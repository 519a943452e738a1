#!/usr/bin/env bash
# System packages the judge and the dev stack need, from Debian's archive.
# Installs only what is missing; needs root (CI and dev machines run as root).
set -euo pipefail

# command -> Debian package that provides it
declare -A NEEDED=(
  [bwrap]=bubblewrap          # namespaces + filesystem view of the local sandbox
  [g++]=g++                   # C++17 submissions
  [redis-server]=redis-server # local Redis when none answers
  [pandoc]=pandoc             # LaTeX problem statements (problem.tex) to Markdown
  # Submission toolchains by their /usr/bin path: boxes see only /usr, so a
  # ~/.cargo/bin/rustc on PATH does not count.
  [/usr/bin/javac]=default-jdk-headless # Java (Debian 12: OpenJDK 17)
  [/usr/bin/go]=golang-go
  [/usr/bin/rustc]=rustc
  [/usr/bin/node]=nodejs
  [npm]=npm                   # the web UI's packages (frontend/package-lock.json)
)
# The sandbox runs submissions with the system interpreter (never a pyenv shim).
[ -x /usr/bin/python3 ] || NEEDED[/usr/bin/python3]=python3

missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
# libseccomp's shared library backs pyseccomp (the judge's syscall filter).
ldconfig -p | grep -q 'libseccomp.so.2' || missing+=(libseccomp2)

# shellcheck source=scripts/apt_install.sh
. "$(dirname "$0")/apt_install.sh"
install_missing "system packages" "${missing[@]}"
