#!/usr/bin/env bash
# The browser the UI tests drive (tests/browser): Debian's Chromium and its
# ChromeDriver (the builds Playwright or Selenium Manager download are not
# reachable from CI). Installs only what is missing; needs root.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# shellcheck source=scripts/apt_install.sh
. "$(dirname "$0")/apt_install.sh"
# Quiet when all is there: make test runs this every time.
[ ${#missing[@]} -eq 0 ] || install_missing "browser packages" "${missing[@]}"
