#!/usr/bin/env bash
# Test the Debian package as a user gets it: its file list and dependencies, then install it
# (apt, with its declared dependencies), start the installed app under Xvfb on a new library
# through WebDriver and check that it lists and opens the bundled policies, run the installed
# command line, and remove the package again. Prints the package's size and the install time.
#
#   ./scripts/test-package.sh [PATH.deb]    (default: build it with scripts/package.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

deb="${1:-$(./scripts/package.sh)}"
deb="$(realpath "$deb")"
echo "== package: $deb ($(du -k "$deb" | cut -f1) KiB)"

echo "== package: file list and dependencies"
files="$(dpkg-deb -c "$deb")"
for f in 'usr/bin/policylens-desktop$' 'usr/bin/policylens$' 'usr/share/applications/.*\.desktop$' 'usr/share/icons/.*\.png$'; do
    grep -Eq " (\./)?$f" <<<"$files" || { echo "no $f in the package" >&2; exit 1; }
done
desktop="$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/*.desktop')"
for line in 'Name\[zh_CN\]=隐私政策阅读助手' 'Exec=policylens-desktop %F' 'MimeType=text/plain;text/markdown;text/html;'; do
    grep -q "^$line" <<<"$desktop" || { echo "the menu entry lacks $line:" >&2; echo "$desktop" >&2; exit 1; }
done
depends="$(dpkg-deb -f "$deb" Depends)"
for d in libwebkit2gtk-4.1-0 libgtk-3-0 fonts-noto-cjk; do
    grep -q "$d" <<<"$depends" || { echo "Depends lacks $d: $depends" >&2; exit 1; }
done

echo "== package: install"
dpkg -r policy-lens policylens >/dev/null 2>&1 || true
started=$(date +%s%N)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/tmp/policylens-apt.log 2>&1 || { cat /tmp/policylens-apt.log >&2; exit 1; }
echo "   installed in $(( ($(date +%s%N) - started) / 1000000 )) ms"
package="$(dpkg-deb -f "$deb" Package)"
trap 'dpkg -r "$package" >/dev/null 2>&1 || true' EXIT

echo "== package: the installed command line"
lib="$(mktemp -d)"
/usr/bin/policylens --version
/usr/bin/policylens add --no-progress --library "$lib/cli" policies >/dev/null
[[ "$(/usr/bin/policylens list --library "$lib/cli" --format json | grep -c '"id"')" -ge 4 ]]

echo "== package: the installed app, first start on a new library (WebDriver, Xvfb)"
./scripts/setup-system.sh >/dev/null
venv=target/e2e-venv
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r e2e/requirements.txt
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1280x860x24" "$venv/bin/python" e2e/test_app.py \
    --app /usr/bin/policylens-desktop --installed --screenshots "$lib/shots"
rm -rf "$lib"
echo "== package: ok"
