#!/usr/bin/env bash
# Install the package on a pristine Debian 12 — a minimal root made by debootstrap, holding the
# base system and nothing of this machine's — letting apt bring in only the package's declared
# dependencies; then, as a new user, start the app the way the menu entry does (its Exec line)
# under Xvfb, and check that its window opens and that its first-run library lists the bundled
# policies. Takes a screenshot of that window. Prints the download and install figures.
#
#   sudo ./scripts/test-package-pristine.sh FILE.deb [SCREENSHOT.png]
#
# Needs root and a Debian mirror (network): run by hand, not by scripts/test.sh, which checks
# the package on the test machine itself (scripts/test-package.sh). The root is kept in
# $PRISTINE_ROOT (default /var/tmp/policylens-pristine) as debootstrap made it; every run
# installs into a fresh copy of it.
set -euo pipefail
cd "$(dirname "$0")/.."

deb="$(realpath "${1:?usage: test-package-pristine.sh FILE.deb [SCREENSHOT.png]}")"
shot="${2:-}"
base="${PRISTINE_ROOT:-/var/tmp/policylens-pristine}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if [[ ! -x $base/usr/bin/apt-get ]]; then
    command -v debootstrap >/dev/null || {
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
    }
    echo "== pristine: debootstrap --variant=minbase bookworm $base"
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror" >/dev/null
fi

root="$(mktemp -d /var/tmp/policylens-pristine-run.XXXXXX)"
cleanup() {
    for m in dev/pts dev proc sys; do umount -l "$root/$m" 2>/dev/null || true; done
    rm -rf "$root"
}
trap cleanup EXIT
cp -a "$base/." "$root/"
mount --bind /proc "$root/proc"
mount --bind /sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/policylens.deb"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

echo "== pristine: apt install ./$(basename "$deb") (its declared dependencies from $mirror)"
in_root apt-get update -q >/dev/null
before=$(in_root dpkg-query -W -f '${Installed-Size}\n' | awk '{s += $1} END {print s}')
started=$(date +%s%N)
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    /tmp/policylens.deb >"$root/tmp/apt.log" 2>&1 || { cat "$root/tmp/apt.log" >&2; exit 1; }
install_ms=$(( ($(date +%s%N) - started) / 1000000 ))
after=$(in_root dpkg-query -W -f '${Installed-Size}\n' | awk '{s += $1} END {print s}')
packages=$(grep -c '^Setting up ' "$root/tmp/apt.log")
echo "   $packages packages set up in $install_ms ms (download included), $(( (after - before) / 1024 )) MiB installed"
package="$(dpkg-deb -f "$deb" Package)"
echo "   $package itself: $(in_root dpkg-query -W -f '${Installed-Size}' "$package") KiB installed"

echo "== pristine: every library the installed binaries load is there"
for binary in /usr/bin/policylens-desktop /usr/bin/policylens; do
    if in_root ldd "$binary" | grep 'not found'; then
        echo "$binary lacks libraries on a pristine system" >&2
        exit 1
    fi
done

echo "== pristine: a display to show it on (Xvfb; not the app's dependency: a desktop has one)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    xvfb xauth x11-utils x11-apps netpbm >/dev/null 2>&1

echo "== pristine: a new user starts the app from its menu entry"
desktop="$(in_root sh -c 'ls /usr/share/applications/*.desktop' | head -1)"
exec_line="$(in_root sed -n 's/^Exec=//p' "$desktop" | sed 's/ %[fFuU]//')"
echo "   $desktop: Exec=$exec_line"
in_root useradd -m reader
cat >"$root/tmp/start.sh" <<EOF
#!/bin/sh
cd
WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1 $exec_line &
app=\$!
i=0
while [ \$i -lt 60 ]; do
    sleep 1
    i=\$((i + 1))
    kill -0 \$app 2>/dev/null || { echo "the app exited" >&2; exit 1; }
    policylens list --format json 2>/dev/null | grep -q '"id"' && break
done
sleep 5
xwininfo -root -tree >/tmp/windows.txt
xwd -root -silent >/tmp/screen.xwd
kill \$app
EOF
chmod +x "$root/tmp/start.sh"
in_root su reader -c 'xvfb-run -a -s "-screen 0 1280x860x24" /tmp/start.sh'
grep -q '"PolicyLens' "$root/tmp/windows.txt" || grep -q '隐私政策阅读助手' "$root/tmp/windows.txt" || {
    echo "no window of the app:" >&2
    cat "$root/tmp/windows.txt" >&2
    exit 1
}
listed=$(in_root su reader -c 'policylens list --format json' | grep -c '"id"')
echo "   window open; the first-run library lists $listed policies"
bundled=$(find policies -maxdepth 1 -type f ! -name 'README*' ! -name '*.toml' | wc -l)
[[ $listed -ge $bundled ]] || { echo "expected the $bundled bundled policies" >&2; exit 1; }
if [[ -n $shot ]]; then
    in_root sh -c 'xwdtopnm /tmp/screen.xwd 2>/dev/null | pnmtopng' >"$shot"
    echo "   screenshot: $shot"
fi
echo "== pristine: ok"
