#!/usr/bin/env bash
# make fresh-check [ARCH=amd64|arm64]: the README's two commands on a fresh Debian 12.
#
# Builds a clean Debian 12 (bookworm) root with debootstrap under build/fresh-<arch>/, with only
# what the README promises (python3 python3-venv make git ca-certificates), clones the committed
# HEAD of this checkout into it, and runs `make test` and then `make demo` inside with no display;
# the demo's screenshots must not be blank. A missing install step in scripts/bootstrap.sh fails
# here, where the developer's machine (with a compiler, headers and old packages) would hide it.
#
# The host's apt sources and proxy, CA certificates and pip configuration (with the local
# find-links/index folders it names) are passed through, so it works behind a proxy or with a
# local package mirror. The root shares the host's network: POINTSAPI_TEST_PG_URL is passed in
# (and PYTEST_ADDOPTS, e.g. -x to stop at the first failure).
#
# Cost: the debootstrap *tarball* (the downloaded .debs) is cached for 14 days; the root is
# unpacked afresh from it every run, so no state survives from one run to the next.
# ARCH=arm64 runs under qemu-user (binfmt); it takes 20-40 minutes.
#
# Needs root (chroot, mounts) and debootstrap. Every mount is undone on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD

ARCH=${ARCH:-amd64}
SUITE=bookworm
KEEP_DAYS=14
# The README's promise: what a newcomer has before typing `make demo` / `make test`.
PROMISED=python3,python3-venv,make,git,ca-certificates
WORK=$SRC/build/fresh-$ARCH
ROOT=$WORK/root
TARBALL=$WORK/debootstrap-$SUITE-$ARCH.tgz
PROJECT=/root/points-kiosk # where the newcomer's clone lives inside the root

log() { printf 'fresh-check: %s\n' "$*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mounts)"
command -v debootstrap >/dev/null || die "needs debootstrap (apt-get install debootstrap)"
case $ARCH in amd64 | arm64) ;; *) die "ARCH must be amd64 or arm64, not '$ARCH'" ;; esac

# --- timing: each step's seconds, printed at the end whatever happens -----------------------------
STEPS=()
STEP_PID=
step() { # step NAME COMMAND...: run COMMAND in a subshell with errexit, record how long it took
  local name=$1 start=$SECONDS rc=0
  shift
  log "== $name"
  # Not `"$@" || rc=$?`: bash ignores errexit inside anything on the left of ||. In the
  # background with `wait`, so a TERM is handled now (cleanup kills what runs in the root), not
  # after `make test` has finished.
  set +e
  (
    set -e
    "$@"
  ) &
  STEP_PID=$!
  wait $STEP_PID
  rc=$?
  STEP_PID=
  set -e
  STEPS+=("$(printf '%-24s %5ds%s' "$name" $((SECONDS - start)) "$([ $rc = 0 ] || echo "  FAILED ($rc)")")")
  return $rc
}

# --- mounts: found with findmnt, so cleanup also undoes what a killed run left behind ------------
bind_ro() { # bind_ro HOST-PATH: the same path inside the root, read-only
  local src=$1 dst=$ROOT$1
  if [ -d "$src" ]; then mkdir -p "$dst"; else
    mkdir -p "$(dirname "$dst")"
    [ -e "$dst" ] || touch "$dst"
  fi
  mount --bind "$src" "$dst"
  mount --make-private "$dst"
  mount -o remount,bind,ro "$dst"
}
mounts_under_root() { findmnt -rn -o TARGET | awk -v r="$ROOT" '$0 == r || index($0, r "/") == 1'; }
kill_root_processes() { # anything still running inside the root (a server the demo left behind)
  local pid
  for pid in /proc/[0-9]*; do
    [ "$(readlink "$pid/root" 2>/dev/null)" = "$ROOT" ] && kill -9 "${pid#/proc/}" 2>/dev/null
  done
  return 0
}
unmount_all() { # deepest first
  kill_root_processes
  local m
  while read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "cannot unmount $m"
  done < <(mounts_under_root | sort -r)
}
finish() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$STEP_PID" ] || kill "$STEP_PID" 2>/dev/null || true
  unmount_all
  if [ -n "$(mounts_under_root)" ]; then
    log "mounts left under $ROOT:"
    mounts_under_root >&2
    rc=1
  fi
  log "steps ($ARCH):"
  printf '  %s\n' "${STEPS[@]}" >&2
  log "total ${SECONDS}s"
  if [ $rc = 0 ]; then log "PASSED ($ARCH)"; else log "FAILED ($ARCH, exit $rc)"; fi
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- arm64 on another machine: qemu-user through binfmt -------------------------------------------
host_arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
ensure_emulation() {
  [ "$ARCH" = "$host_arch" ] && return 0
  [ "$ARCH" = arm64 ] || die "no emulation set up for $ARCH on $host_arch"
  [ -e /proc/sys/fs/binfmt_misc/register ] ||
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    command -v update-binfmts >/dev/null && [ -x /usr/bin/qemu-aarch64-static ] ||
      die "arm64 needs qemu-user-static and binfmt-support (apt-get install qemu-user-static binfmt-support)"
    update-binfmts --enable qemu-aarch64
  fi
  # The F flag loads the interpreter once, so nothing needs copying into the root.
  grep -q '^flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
    die "qemu-aarch64's binfmt entry lacks the F (fix binary) flag; use qemu-user-static"
}

# --- the debootstrap tarball (cached) and a fresh root from it ------------------------------------
host_mirror() { # the host's Debian mirror, so a local mirror or proxy serves debootstrap too
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
    2>/dev/null | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -n1 || true)
  echo "${FRESH_MIRROR:-${uri:-http://deb.debian.org/debian}}" | tr -d ' '
}
host_apt_proxy() { # Acquire::http::Proxy "http://...";
  grep -hoiE 'Acquire::https?::Proxy +"[^"]+"' /etc/apt/apt.conf /etc/apt/apt.conf.d/* 2>/dev/null |
    head -n1 | sed -E 's/.*"([^"]+)".*/\1/' || true
}
MIRROR=$(host_mirror)
proxy=$(host_apt_proxy)
if [ -n "$proxy" ]; then export http_proxy=${http_proxy:-$proxy} https_proxy=${https_proxy:-$proxy}; fi

make_tarball() {
  if [ -f "$TARBALL" ] && [ -n "$(find "$TARBALL" -mtime -"$KEEP_DAYS")" ]; then
    log "reusing $TARBALL (less than $KEEP_DAYS days old)"
    return 0
  fi
  local tmp=$WORK/tarball-tmp
  rm -rf --one-file-system "$tmp"
  debootstrap --arch="$ARCH" --variant=minbase --include="$PROMISED" \
    --make-tarball="$TARBALL.part" "$SUITE" "$tmp" "$MIRROR" >"$WORK/debootstrap-tarball.log" 2>&1 ||
    {
      tail -n 20 "$WORK/debootstrap-tarball.log" >&2
      return 1
    }
  mv "$TARBALL.part" "$TARBALL"
  rm -rf --one-file-system "$tmp"
}

fresh_root() {
  unmount_all
  [ -z "$(mounts_under_root)" ] || die "cannot unmount what an earlier run left under $ROOT"
  rm -rf --one-file-system "$ROOT"
  debootstrap --arch="$ARCH" --variant=minbase --include="$PROMISED" \
    --unpack-tarball="$TARBALL" "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap-root.log" 2>&1 ||
    {
      tail -n 20 "$WORK/debootstrap-root.log" >&2
      return 1
    }
}

# --- what the host passes through: network, apt, CA certificates, pip ----------------------------
pass_through() {
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  cp -L /etc/hosts "$ROOT/etc/hosts"
  # apt: the host's sources (and the keyrings they name) replace debootstrap's; proxy lines only.
  rm -f "$ROOT/etc/apt/sources.list"
  local f key
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && cp -L "$f" "$ROOT$f"
  done
  for key in /etc/apt/trusted.gpg /etc/apt/trusted.gpg.d /etc/apt/keyrings \
    $(grep -hoE '(Signed-By:|signed-by=) *[^] ]+' /etc/apt/sources.list /etc/apt/sources.list.d/* \
      2>/dev/null | sed -E 's/.*(:|=) *//' | sort -u); do
    if [ -e "$key" ] && [ ! -e "$ROOT$key" ]; then
      mkdir -p "$(dirname "$ROOT$key")"
      cp -rL "$key" "$ROOT$key"
    fi
  done
  grep -hiE '^[^/#]*Acquire::[a-z]+::Proxy' /etc/apt/apt.conf /etc/apt/apt.conf.d/* 2>/dev/null \
    >"$ROOT/etc/apt/apt.conf.d/90fresh-check-proxy" || true
  # CA certificates: the host's local CAs (kept through update-ca-certificates) and its bundle.
  if [ -d /usr/local/share/ca-certificates ]; then
    cp -rL /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
    chroot "$ROOT" update-ca-certificates >/dev/null 2>&1 || true
  fi
  [ -f /etc/ssl/certs/ca-certificates.crt ] &&
    cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
  # pip: the configuration files (global, site-wide, root's), then every local path they or the
  # PIP_* variables name (find-links, file:// indexes, constraints, certs), bound read-only.
  for f in /etc/pip.conf /etc/xdg/pip "$HOME/.config/pip" "$HOME/.pip"; do
    if [ -e "$f" ]; then
      local dst=$ROOT${f/#$HOME//root}
      mkdir -p "$(dirname "$dst")"
      cp -rL "$f" "$dst"
    fi
  done
  local path
  while read -r path; do
    # A local index (.../simple) often links its files relative to itself (../../files/x.whl):
    # the folder that holds the index goes in whole.
    [ "$(basename "$path")" = simple ] && path=$(dirname "$path")
    [ -n "$path" ] && [ -e "$path" ] && [ ! -e "$ROOT$path" ] && bind_ro "$path"
  done < <(pip_local_paths)
  return 0
}

pip_local_paths() { # absolute paths in the pip config files and PIP_* variables, one a line
  local files=(/etc/pip.conf /etc/xdg/pip/pip.conf "$HOME/.config/pip/pip.conf" "$HOME/.pip/pip.conf")
  {
    cat "${files[@]}" 2>/dev/null | grep -vE '^\s*[#;[]' | sed -E 's/^[^=]*=//'
    env | grep -E '^PIP_' | sed -E 's/^[^=]*=//'
  } | tr ' \t' '\n\n' | sed -E 's#^file://##' | grep -E '^/' | sed -E 's#/+$##' | sort -u
}

mount_system() {
  mount -t proc proc "$ROOT/proc"
  mount -t sysfs sysfs "$ROOT/sys"
  # Private: on a host with shared mounts, what is mounted under the root's /dev (its own
  # /dev/shm) would otherwise appear on the host's /dev too.
  mount --bind /dev "$ROOT/dev"
  mount --make-private "$ROOT/dev"
  mount --bind /dev/pts "$ROOT/dev/pts"
  mount --make-private "$ROOT/dev/pts"
  mount -t tmpfs tmpfs "$ROOT/dev/shm" # multiprocessing's semaphores; the host's stays apart
}

clone_project() {
  local sha
  sha=$(git -C "$SRC" rev-parse HEAD)
  [ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
    log "note: uncommitted changes are not part of the check (it tests HEAD $sha)"
  git clone -q --no-hardlinks "$SRC" "$ROOT$PROJECT"
  git -C "$ROOT$PROJECT" checkout -q --detach "$sha"
  log "cloned $(git -C "$ROOT$PROJECT" log --oneline -1)"
}

# As a newcomer: a login shell in the clone, no display, only the pass-through variables.
inside() {
  local vars=(HOME=/root LANG=C.UTF-8 TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
  local name
  for name in POINTSAPI_TEST_PG_URL PYTEST_ADDOPTS http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY \
    $(env | grep -oE '^PIP_[A-Z_]+'); do
    [ -n "${!name:-}" ] && vars+=("$name=${!name}")
  done
  chroot "$ROOT" /usr/bin/env -i "${vars[@]}" /bin/bash -c "cd $PROJECT && $*"
}

check_screenshots() {
  inside "$(
    cat <<'PY'
.venv/bin/python - <<'EOF'
import sys
from pathlib import Path
from PIL import Image, ImageStat

shots = sorted(Path("demo-out").glob("*.png"))
if len(shots) < 3:
    sys.exit(f"expected the demo's screenshots in demo-out/, found {len(shots)}")
bad = 0
for shot in shots:
    with Image.open(shot) as image:
        spread = max(ImageStat.Stat(image.convert("RGB")).stddev)
        print(f"  {shot.name}: {image.width}x{image.height}, pixel spread {spread:.1f}")
        if spread < 5:  # one flat colour: a blank or black window
            print(f"  {shot.name} is blank")
            bad += 1
sys.exit(1 if bad else 0)
EOF
PY
  )"
}

mkdir -p "$WORK"
log "ARCH=$ARCH, mirror $MIRROR, root $ROOT"
step "emulation" ensure_emulation
step "debootstrap tarball" make_tarball
step "fresh root (unpack)" fresh_root
step "pass-through" pass_through
step "mounts" mount_system
step "git clone" clone_project
step "make test" inside make test
# The card reader's evdev is Debian's, seen through the venv (its tests skip without it).
step "evdev from apt" inside ".venv/bin/python -c 'import evdev._input, evdev; print(\"  evdev from\", evdev.__file__)'"
step "make demo" inside make demo
step "screenshots not blank" check_screenshots
