#!/usr/bin/env bash
# Install what the desktop app, its tests and its end-to-end run need on a Debian machine
# (bookworm or newer). Idempotent: installs only what is missing, so running it again is quick.
#
#   - WebKitGTK and GTK development files (Tauri 2 on Linux), pkg-config, OpenSSL headers;
#   - a CJK font (fonts-noto-cjk): without one, Chinese text renders as boxes;
#   - Xvfb and WebKitWebDriver (webkit2gtk-driver) for the end-to-end run, and `tauri-driver`
#     (cargo install);
#   - Chromium and the LXGW WenKai font, which print the PDFs the PDF reader is tested on;
#   - Node.js/npm if absent, and the UI's node modules (`npm --prefix ui install`, from the lock file).
#
# Options: --no-node (skip the UI's node modules), --no-driver (skip tauri-driver).
set -euo pipefail
cd "$(dirname "$0")/.."

want_node=1
want_driver=1
for arg in "$@"; do
    case "$arg" in
        --no-node) want_node=0 ;;
        --no-driver) want_driver=0 ;;
        *) echo "setup-system.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

packages=(
    pkg-config
    # The command line's allocator, jemalloc, is built from its C source (tikv-jemalloc-sys).
    make
    libwebkit2gtk-4.1-dev
    libgtk-3-dev
    libayatana-appindicator3-dev
    librsvg2-dev
    libssl-dev
    xvfb
    xauth
    webkit2gtk-driver
    fonts-noto-cjk
    # The PDF tests' documents (scripts/make-test-documents.sh): headless Chromium prints them,
    # set in LXGW WenKai (a TrueType CJK face with a bold weight).
    chromium
    fonts-lxgw-wenkai
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || packages+=(python3-venv)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
    echo "== setup-system: installing ${missing[*]}"
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || {
            echo "setup-system.sh: need root (or sudo) to install: ${missing[*]}" >&2
            exit 1
        }
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # A new font: refresh fontconfig's cache so WebKit sees it at once.
    if [[ " ${missing[*]} " == *" fonts-noto-cjk "* ]]; then
        fc-cache -f >/dev/null 2>&1 || true
    fi
else
    echo "== setup-system: system packages present"
fi

if ((want_driver)); then
    if ! command -v tauri-driver >/dev/null 2>&1 && [[ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
        echo "== setup-system: cargo install tauri-driver"
        cargo install tauri-driver --locked --quiet
    fi
fi

if ((want_node)) && [[ -f ui/package.json ]]; then
    # Install only when the lock file changed since the last install. `npm install` with the
    # committed lock file installs its versions; `npm ci` would refuse it, because this npm
    # leaves other platforms' optional packages (rollup's, esbuild's) out of the lock file.
    stamp=ui/node_modules/.policylens-lock
    if [[ -f ui/package-lock.json ]]; then
        if [[ ! -f "$stamp" ]] || ! cmp -s ui/package-lock.json "$stamp"; then
            echo "== setup-system: npm --prefix ui install (from package-lock.json)"
            npm --prefix ui install --no-audit --no-fund --loglevel=error
            cp ui/package-lock.json "$stamp"
        fi
    elif [[ ! -d ui/node_modules ]]; then
        echo "== setup-system: npm --prefix ui install"
        npm --prefix ui install --no-audit --no-fund --loglevel=error
    fi
fi
