#!/usr/bin/env bash
# Creates .venv and installs everything the kiosk, the API and the tests need.
# Debian packages are installed with apt-get when we are root; otherwise we name them and stop.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-kiosk,server,dev}
# libzbar0: pyzbar's decoder.  libgl1/libegl1/libgl1-mesa-dri: Kivy's SDL2 window, also offscreen.
# libmtdev1: Kivy's touchscreen input.  python3-venv: 'python3 -m venv' on Debian.
APT_PACKAGES=(libzbar0 libgl1 libegl1 libgl1-mesa-dri libmtdev1 python3-venv)
# The end-to-end tests read the balance back from a screenshot with OCR.
if [[ ",$EXTRAS," == *",dev,"* ]]; then
  APT_PACKAGES+=(tesseract-ocr)
  APT_PACKAGES+=(chromium)  # the member web app's browser tests (Playwright, executable_path)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
# python3-venv is only needed when the interpreter cannot make a venv with pip by itself.
if python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<<"${missing[*]:-}"

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: these Debian packages are missing; install them first:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV"
  # On a Pi, picamera2 comes from apt (python3-picamera2): let the venv see system packages there.
  if [ -e /proc/device-tree/model ] && grep -qi raspberry /proc/device-tree/model 2>/dev/null; then
    python3 -m venv --system-site-packages "$VENV"
  else
    python3 -m venv "$VENV"
  fi
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[$EXTRAS]"
touch "$VENV/.installed"
echo "bootstrap: ready ($VENV)"
