# Sourced by the install_* scripts: install_missing WHAT PACKAGE... installs from
# Debian's archive the packages named (those found missing), as root only.
install_missing() {
  local what=$1
  shift
  if [ $# -eq 0 ]; then
    echo "$what: all present"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "missing $what: $* (run as root or: sudo apt-get install $*)" >&2
    return 1
  fi
  echo "installing $what: $*"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
