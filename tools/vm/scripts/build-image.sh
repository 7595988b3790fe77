#!/usr/bin/env bash
# Builds the test VM's kernel + initramfs from Debian packages, for QEMU/TCG.
# Nothing is installed on the host except the build tools: the kernel and
# qemu-guest-agent .debs are fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` (installing linux-image-* would run initramfs-tools and write
# /boot for nothing). The guest runs this machine's own `node`, so bundles with
# native addons (koffi, serialport) work unchanged.
#
# Usage: build-image.sh --out <dir> [--module NAME ...] [bundle-dir ...]
#   --module adds a kernel module (and its dependencies) to those loaded at boot,
#   e.g. uinput for a test that creates input devices.
#   Each bundle dir is a `<pkg>/dist` folder made by tools/ci/bundle.mjs; it is
#   copied to /opt/<name>/ in the guest, <name> being its <name>.mjs file.
# Env: GA_VM_WORK  cache folder (default <repo>/vm-work)
# Output: <out>/vmlinuz, <out>/initrd (lz4 legacy cpio), <out>/inputs.sha256.
# Rebuilds only when an input changed (hash of every input file).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vmdir=$(dirname "$here")
repo=$(cd "$vmdir/../.." && pwd)
work=${GA_VM_WORK:-$repo/vm-work}
out=
bundles=()
extra_modules=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --module) extra_modules+=("$2"); shift 2 ;;
    -*) echo "build-image: unknown option $1" >&2; exit 2 ;;
    *) bundles+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
[ -n "$out" ] || { echo "usage: build-image.sh --out <dir> [bundle-dir ...]" >&2; exit 2; }
mkdir -p "$work" "$out"
out=$(cd "$out" && pwd)
step() { printf '[build-image %s] %s\n' "$(date +%T)" "$*" >&2; }

# --- prerequisites (CI starts from a fresh Debian 12 as root) ---------------
need_pkgs=()
for pair in qemu-system-x86_64:qemu-system-x86 busybox:busybox-static cpio:cpio modinfo:kmod \
  strip:binutils lz4:lz4 socat:socat mkfs.ext4:e2fsprogs flock:util-linux; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need_pkgs+=("${pair#*:}")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing ${need_pkgs[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >&2
  else
    echo "build-image: missing tools; run: apt-get install -y --no-install-recommends ${need_pkgs[*]}" >&2
    exit 1
  fi
fi
# busybox-static's binary: the guest has no libc for a dynamic one.
busybox_bin=/bin/busybox

# One builder at a time per work folder: the kernel cache is shared.
exec 9>"$work/.build.lock"
flock 9

# --- kernel + qemu-ga debs, cached by exact version -------------------------
debs=$work/debs
mkdir -p "$debs"
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [ -z "$kpkg" ]; then
  step "apt lists empty: apt-get update"
  apt-get update -qq
  kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
fi
abi=${kpkg#linux-image-}
fetch_deb() { # <package> -> path of the cached .deb
  local pkg=$1 ver file
  ver=$(apt-cache policy "$pkg" | awk '/Candidate:/{print $2}')
  file=$(ls "$debs/${pkg}_"*.deb 2>/dev/null | grep -F "_${ver/:/%3a}_" | head -1 || true)
  if [ -z "$file" ]; then
    step "downloading $pkg $ver"
    (cd "$debs" && apt-get download -q "$pkg=$ver" >&2 2>/dev/null || apt-get download -q "$pkg=$ver" >&2)
    file=$(ls "$debs/${pkg}_"*.deb | grep -F "_${ver/:/%3a}_" | head -1)
  fi
  echo "$file"
}
kdeb=$(fetch_deb "$kpkg")
qdeb=$(fetch_deb qemu-guest-agent)
kroot=$work/kernel-$abi
if [ ! -f "$kroot/.done" ]; then
  step "unpacking $(basename "$kdeb")"
  rm -rf "$kroot"; mkdir -p "$kroot"
  dpkg-deb -x "$kdeb" "$kroot"
  touch "$kroot/.done"
fi
qroot=$work/qga-$(basename "$qdeb" .deb)
if [ ! -f "$qroot/.done" ]; then
  rm -rf "$qroot"; mkdir -p "$qroot"
  dpkg-deb -x "$qdeb" "$qroot"
  touch "$qroot/.done"
fi

# node is 99 MB with debug info; a stripped copy is 83 MB and boots faster.
node_bin=$(command -v node)
node_id=$(stat -Lc '%s-%Y' "$node_bin")
node_strip=$work/node-stripped-$node_id
if [ ! -f "$node_strip" ]; then
  step "stripping $node_bin"
  strip -o "$node_strip.tmp" "$node_bin" && mv "$node_strip.tmp" "$node_strip"
fi

# --- input hash: rebuild only when something changed (the module list
# follows from the kernel ABI and this script) --------------------------------
hash_inputs() {
  {
    echo "abi=$abi node=$node_id qga=$(basename "$qdeb") busybox=$(stat -Lc '%s-%Y' "$busybox_bin") modules=${extra_modules[*]:-}"
    (cd "$vmdir" && find guest scripts -type f -print0 | sort -z | xargs -0 sha256sum)
    for b in "${bundles[@]}"; do (cd "$b" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sed "s|^|$(basename "$(dirname "$b")")/|"); done
  } | sha256sum | cut -d' ' -f1
}
inputs=$(hash_inputs)
if [ -f "$out/initrd" ] && [ -f "$out/vmlinuz" ] && [ "$(cat "$out/inputs.sha256" 2>/dev/null)" = "$inputs" ]; then
  step "image up to date ($out)"
  exit 0
fi

# --- modules, dependencies first (the .deb ships no modules.dep) ------------
mods=$kroot/lib/modules/$abi
# crc32c_generic: ext4's soft dependency ("pre: crypto-crc32c"), which
# modinfo's "depends" leaves out; without it the mount fails.
wanted=(virtio_pci virtio_console virtio_blk virtio-rng crc32c_generic ext4 vsock vmw_vsock_virtio_transport_common vsock_loopback dummy)
grep -q '^CONFIG_IPV6=m' "$kroot/boot/config-$abi" && wanted+=(ipv6)
wanted+=("${extra_modules[@]}")
declare -A modpath=() seen=()
while IFS= read -r f; do
  n=${f##*/}; n=${n%.ko}; modpath[${n//-/_}]=$f  # no subshell: ~4000 files
done < <(find "$mods/kernel" -name '*.ko')
order=()
visit() {
  local n=${1//-/_} d deps
  [ -n "${seen[$n]:-}" ] && return
  seen[$n]=1
  [ -n "${modpath[$n]:-}" ] || { echo "build-image: module $n not in $kpkg" >&2; exit 1; }
  deps=$(modinfo -F depends "${modpath[$n]}")
  for d in ${deps//,/ }; do visit "$d"; done
  order+=("$n")
}
for m in "${wanted[@]}"; do visit "$m"; done

# --- assemble the root ------------------------------------------------------
root=$out/root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib/modules,etc,proc,sys,dev,run,tmp,mnt/data,root,home,opt,var/log,ga}
ln -s ../run "$root/var/run"
step "root: busybox, node, socat, qemu-ga, ${#order[@]} modules, ${#bundles[@]} bundles"
cp "$busybox_bin" "$root/bin/busybox"
for app in $("$busybox_bin" --list); do
  [ -e "$root/bin/$app" ] || ln -s busybox "$root/bin/$app"
done
# qemu-ga runs /sbin/hwclock by absolute path (guest-set-time).
ln -s ../bin/busybox "$root/sbin/hwclock"
cp "$node_strip" "$root/usr/bin/node"
cp "$(command -v socat)" "$root/usr/bin/socat"
cp "$qroot/usr/sbin/qemu-ga" "$root/usr/sbin/qemu-ga"
# shutdown and chpasswd, which busybox lacks and qemu-ga runs
cp "$vmdir/guest/sbin/"* "$root/sbin/"

copy_libs() { # copy the ldd closure of each binary to the same path in the root
  local lib
  for lib in $(ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | sort -u); do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}
# qemu-ga's libraries (glib, pcre2, numa, uring, udev) are those of the host's
# Debian 12, the same release as the .deb; install them if ldd cannot find one.
if ldd "$qroot/usr/sbin/qemu-ga" | grep -q 'not found'; then
  step "installing qemu-ga's shared libraries"
  apt-get install -y -qq --no-install-recommends libglib2.0-0 libnuma1 liburing2 libudev1 >&2
fi
copy_libs "$node_bin" "$(command -v socat)" "$qroot/usr/sbin/qemu-ga"
mkdir -p "$root/lib64"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"

: > "$root/ga/modules"
for n in "${order[@]}"; do
  cp "${modpath[$n]}" "$root/lib/modules/$n.ko"
  echo "$n" >> "$root/ga/modules"
done
cp "$vmdir/guest/init" "$root/init"; chmod +x "$root/init"
cp "$vmdir/guest/"*.sh "$root/ga/"
chmod +x "$root/ga/"*.sh 2>/dev/null || true

for b in "${bundles[@]}"; do
  mjs=$(cd "$b" && ls *.mjs | head -1)
  [ -n "$mjs" ] || { echo "build-image: $b has no <name>.mjs; run the package's build first" >&2; exit 1; }
  name=${mjs%.mjs}
  mkdir -p "$root/opt/$name"
  cp -r "$b/." "$root/opt/$name/"
done

step "writing initrd (cpio + lz4 legacy format, which the kernel requires)"
cp "$kroot/boot/vmlinuz-$abi" "$out/vmlinuz.tmp"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) | lz4 -l -1 -q -f - "$out/initrd.tmp"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/initrd.tmp" "$out/initrd"
echo "$abi" > "$out/kernel-abi"
echo "$inputs" > "$out/inputs.sha256"
rm -rf "$root"
step "done: $out/initrd ($(du -m "$out/initrd" | cut -f1) MB), kernel $abi"
