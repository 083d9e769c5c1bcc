#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet
# (as root, or through sudo). Used by setup.sh (build) and test.sh (test-only).
# Another apt or dpkg holding its lock (an unattended upgrade, a parallel
# job) is waited for, up to INTEREC_APT_LOCK_TIMEOUT seconds (default 600),
# instead of failing at once.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
LOCK_TIMEOUT=${INTEREC_APT_LOCK_TIMEOUT:-600}
# apt-get install waits for the dpkg lock itself (DPkg::Lock::Timeout);
# apt-get update does not wait for the lists lock: retry it while it is held.
waited=0
until $SUDO apt-get update -qq -o DPkg::Lock::Timeout="$LOCK_TIMEOUT" 2>/tmp/interec-apt-update.$$; do
  if ! grep -qi "lock" /tmp/interec-apt-update.$$ || ((waited >= LOCK_TIMEOUT)); then
    cat /tmp/interec-apt-update.$$ >&2
    rm -f /tmp/interec-apt-update.$$
    exit 1
  fi
  ((waited == 0)) && echo "waiting for another apt to release its lock" >&2
  sleep 5
  waited=$((waited + 5))
done
rm -f /tmp/interec-apt-update.$$
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout="$LOCK_TIMEOUT" \
  "${missing[@]}" >/dev/null
