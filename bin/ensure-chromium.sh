#!/usr/bin/env bash
# Runs before `npm test`: the conformance page is tested in a real browser, Debian's chromium
# (never a downloaded one), with the DejaVu fonts its screenshots use. Installs them when missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/dejavu ]; then exit 0; fi
packages=(chromium fonts-dejavu-core)
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
  echo "npm test needs Debian's ${packages[*]}; install them (apt-get install ${packages[*]}) or run as root" >&2
  exit 1
fi
echo "installing Debian's ${packages[*]} for the browser test" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
