#!/usr/bin/env bash
# Installs the Debian 12 packages Attune needs (only the missing ones; quiet when all are there)
# and builds. Usage: scripts/setup.sh [--asan] [--no-build]
#   --asan      also build the AddressSanitizer + UndefinedBehaviorSanitizer tree in build-asan/
#   --no-build  install packages only
set -euo pipefail
cd "$(dirname "$0")/.."

want_asan=0
want_build=1
for arg in "$@"; do
  case "$arg" in
    --asan) want_asan=1 ;;
    --no-build) want_build=0 ;;
    *) echo "setup.sh: unknown option $arg (use --asan or --no-build)" >&2; exit 2 ;;
  esac
done

mapfile -t packages < <(grep -vE '^\s*(#|$)' scripts/packages.txt)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

((want_build)) || exit 0

jobs=$(nproc)
build() {  # build DIR [cmake args...]
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  fi
  cmake --build "$dir" -j "$jobs"
}
build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if ((want_asan)); then
  build build-asan -DCMAKE_BUILD_TYPE=Debug -DATTUNE_SANITIZE=ON -DATTUNE_BUILD_BENCH=OFF
fi
