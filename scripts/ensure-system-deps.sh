#!/usr/bin/env bash
# Installs the system packages the tests need when they are missing:
#   chromium            the browser the end-to-end tests drive (Playwright never downloads one)
#   socat               pseudo-terminal pairs for emulators on a "serial line"
#   fonts-wqy-microhei  CJK glyphs, so Chinese renders in screenshots
#   debootstrap         a clean Debian root the built package is installed into and started in
#   postgresql          throw-away PostgreSQL clusters for the hall server's tests (initdb, pg_ctl)
# As root it uses apt-get; otherwise it says what to install and fails.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -qi .); then missing+=(fonts-wqy-microhei); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
exit 1
