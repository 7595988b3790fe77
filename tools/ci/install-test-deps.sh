#!/usr/bin/env bash
# Installs the Debian packages listed in tools/ci/test-packages.txt when any is
# missing. As root it runs apt-get itself; otherwise it prints the exact command
# and fails, so a test never skips for want of a prerequisite.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mapfile -t wanted < <(grep -v '^\s*#' "$here/test-packages.txt" | grep -v '^\s*$')
missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test prerequisites: all ${#wanted[@]} Debian packages present"
  exit 0
fi
cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
  echo "test prerequisites missing: ${missing[*]}" >&2
  echo "install them as root with:  $cmd" >&2
  exit 1
fi
echo "installing test prerequisites: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
