#!/usr/bin/env bash
# Makes target/unikey/unikey-convert: UniKey's charset engine as a command,
# `unikey-convert CHARSET IN OUT` (UTF-8 IN → OUT in tcvn3, vni, viscii or
# cp1258), for tests/legacy_converters.rs. The engine is the one Debian ships
# in ibus-unikey; only its binary is unpacked (not installed), and its one
# library dependency, libibus-1.0-5, is installed. Skips what is present.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=target/unikey
[ -x "$dest/unikey-convert" ] && [ -f "$dest/shim.so" ] && [ -x "$dest/ibus-engine-unikey" ] && exit 0
if ! ldconfig -p 2>/dev/null | grep -q 'libibus-1.0.so.5'; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends libibus-1.0-5 >/dev/null
fi
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download ibus-unikey >/dev/null 2>&1) || {
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && (cd "$work" && apt-get download ibus-unikey >/dev/null)
}
chmod -R a+rwx "$work"
dpkg-deb -x "$work"/ibus-unikey_*.deb "$work/x"
cp "$work/x/usr/libexec/ibus-engine-unikey" "$dest/"
cc -shared -fPIC -O2 -o "$dest/shim.so" scripts/unikey/shim.c -ldl
cat > "$dest/unikey-convert" <<'SH'
#!/usr/bin/env bash
# unikey-convert CHARSET IN OUT: UTF-8 IN converted by UniKey's engine.
set -euo pipefail
case "$1" in
  tcvn3) to=20 ;; vni) to=40 ;; viscii) to=22 ;; cp1258) to=5 ;;
  *) echo "unikey-convert: unknown charset $1 (tcvn3, vni, viscii, cp1258)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
# VnFileConvert copies paths into small fixed buffers: short names in a
# folder of its own, then the result moved where it was asked for
work=$(mktemp -d /tmp/ukXXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$2" "$work/in"
(cd "$work" && UK_FROM=1 UK_TO=$to UK_IN=in UK_OUT=out LD_PRELOAD="$here/shim.so" "$here/ibus-engine-unikey")
mv "$work/out" "$3"
SH
chmod +x "$dest/unikey-convert"
