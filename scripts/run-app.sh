#!/usr/bin/env bash
# Open PolicyLens, the desktop app, on the bundled policies (a new library starts with them).
#
# On a fresh Debian machine this installs what is missing (WebKitGTK, a CJK font, Node.js; see
# scripts/setup-system.sh), builds the UI and the release app, and opens the window.
#
#   ./scripts/run-app.sh                 the app, on the default library
#                                        ($POLICYLENS_LIBRARY, else ~/.local/share/policylens)
#   ./scripts/run-app.sh --library DIR   the app, on the library in DIR
#   ./scripts/run-app.sh --cli           no window: the bundled policies in the terminal (CLI)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--cli" ]]; then
    cargo build --release --bin policylens
    bin="${CARGO_TARGET_DIR:-target}/release/policylens"
    "$bin" parse --format text policies/*.txt policies/*.md
    for f in policies/*.txt policies/*.md; do
        "$bin" show "$f" | ${PAGER:-less -R}
    done
    exit 0
fi

./scripts/setup-system.sh --no-driver
echo "== building the UI (ui/dist)"
npm --prefix ui run build --silent
echo "== building the app (release)"
cargo build --release -p policylens-desktop
app="${CARGO_TARGET_DIR:-target}/release/policylens-desktop"

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "run-app.sh: no display (DISPLAY/WAYLAND_DISPLAY unset): starting the app under Xvfb," >&2
    echo "  where nobody can see it; on a desktop session it opens as a window." >&2
    exec xvfb-run -a -s "-screen 0 1280x860x24" "$app" "$@"
fi
exec "$app" "$@"
