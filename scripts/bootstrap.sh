#!/usr/bin/env bash
# Creates .venv and installs everything the kiosk, the API and the tests need.
# Debian packages are installed with apt-get when we are root; otherwise we name them and stop.
#
#   VENV=.venv            where the virtualenv goes
#   EXTRAS=kiosk,server,dev   which parts to install
#   PYTHON=python3        the interpreter the virtualenv is made from (see "evdev" below)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-kiosk,server,dev}
PYTHON=${PYTHON:-python3}

# One package per line, with why (merges stay easy when a branch adds one).
APT_PACKAGES=(
  libzbar0         # pyzbar's decoder
  libgl1           # Kivy's SDL2 window (also offscreen) needs GL ...
  libegl1          # ... and EGL ...
  libgl1-mesa-dri  # ... and a Mesa driver
  libmtdev1        # Kivy's touchscreen input
  python3-venv     # 'python3 -m venv' with pip on Debian
  python3-evdev    # the card reader: prebuilt by Debian (PyPI ships source only; a Pi has no compiler)
)
if [[ ",$EXTRAS," == *",dev,"* ]]; then
  APT_PACKAGES+=(
    tesseract-ocr  # the end-to-end tests read the balance back from a screenshot with OCR
    xvfb           # the touch tests tap the real window with X11 pointer events ...
    xdotool        # ... moved and clicked by xdotool
    chromium       # the member web app's browser tests (Playwright with executable_path)
  )
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
# python3-venv is only needed when the interpreter cannot make a venv with pip by itself.
if "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
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
  echo "bootstrap: creating $VENV with $PYTHON"
  # On a Pi, picamera2 comes from apt (python3-picamera2): let the venv see system packages there.
  if [ -e /proc/device-tree/model ] && grep -qi raspberry /proc/device-tree/model 2>/dev/null; then
    "$PYTHON" -m venv --system-site-packages "$VENV"
  else
    "$PYTHON" -m venv "$VENV"
  fi
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[$EXTRAS]"

# evdev: the venv sees Debian's python3-evdev, and only that package of the system's (the rest
# of dist-packages stays out, so pip's versions are the ones we test). Its C extension is built
# for Debian's python3; a venv made from another minor version cannot load it, and then the card
# reader says what is missing instead (make the venv with PYTHON=/usr/bin/python3 to have it).
expose_os_evdev() {
  local purelib os_dir link_dir
  purelib=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  link_dir="$VENV/os-evdev"
  rm -rf "$link_dir" "$purelib/os-evdev.pth"
  # A venv from before the switch has pip's build of evdev; it would shadow Debian's.
  if [ -d "$purelib/evdev" ]; then
    "$VENV/bin/python" -m pip uninstall -q -y evdev
  fi
  if [ ! -x /usr/bin/python3 ] ||
    ! os_dir=$(/usr/bin/python3 -c 'import evdev, os; print(os.path.dirname(evdev.__file__))' 2>/dev/null); then
    echo "bootstrap: python3-evdev is not installed; the evdev card reader is unavailable" >&2
    return 0
  fi
  mkdir -p "$link_dir"
  ln -s "$os_dir" "$link_dir/evdev"
  local meta
  for meta in "$(dirname "$os_dir")"/evdev-*.dist-info "$(dirname "$os_dir")"/evdev-*.egg-info; do
    [ -e "$meta" ] && ln -s "$meta" "$link_dir/$(basename "$meta")"
  done
  # A .pth line is a directory added to sys.path; make it absolute so the venv can be used from
  # any working directory.
  (cd "$link_dir" && pwd) >"$purelib/os-evdev.pth"
  if ! "$VENV/bin/python" -c 'import evdev._input' >/dev/null 2>&1; then
    rm -rf "$link_dir" "$purelib/os-evdev.pth"
    echo "bootstrap: Debian's python3-evdev is built for $(/usr/bin/python3 -V 2>&1), the venv" \
      "runs $("$VENV/bin/python" -V 2>&1): the evdev card reader is unavailable here" \
      "(recreate the venv with PYTHON=/usr/bin/python3 to have it)" >&2
  fi
}
if [[ ",$EXTRAS," == *",kiosk,"* ]]; then
  expose_os_evdev
fi

touch "$VENV/.installed"
echo "bootstrap: ready ($VENV)"
