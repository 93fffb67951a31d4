#!/usr/bin/env bash
# End-to-end test of the real desktop app: WebDriver (Python selenium) → tauri-driver →
# WebKitWebDriver → the app, under Xvfb, on a new library in a temporary folder.
#
# It opens a bundled policy, checks the highlights, searches, opens a result, adds a note,
# restarts the app, finds the note again, exports the notes as Markdown and checks the file, and
# asks a question. Screenshots of the reader and of the answer go to docs/screenshots/.
#
#   ./scripts/e2e.sh             debug build (what the workspace's tests built)
#   ./scripts/e2e.sh --release   release build, and also measure startup and open times
#                                (e2e/measure.py; the README's figures)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
measure=0
for arg in "$@"; do
    case "$arg" in
        --release) profile=release; measure=1 ;;
        *) echo "e2e.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

./scripts/setup-system.sh

venv=target/e2e-venv
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "== e2e: python venv with selenium ($venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r e2e/requirements.txt
fi

echo "== e2e: building the UI and the app ($profile)"
npm --prefix ui run build --silent
if [[ $profile == release ]]; then
    cargo build --release -p policylens-desktop
else
    # The workspace's test build (what scripts/test.sh just ran) builds the app with the features
    # every test unifies; building it with `-p` alone would rebuild the shared dependencies.
    cargo test --workspace --lib --bins --tests --no-run
fi
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
app="$target_dir/$profile/policylens-desktop"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# WebKit in a container: no GPU, no sandbox helpers.
export WEBKIT_DISABLE_COMPOSITING_MODE=1
export WEBKIT_DISABLE_DMABUF_RENDERER=1
export LIBGL_ALWAYS_SOFTWARE=1
export NO_AT_BRIDGE=1

run_xvfb() {
    xvfb-run -a -s "-screen 0 1280x860x24" "$@"
}

echo "== e2e: driving the app"
run_xvfb "$venv/bin/python" e2e/test_app.py --app "$app" --screenshots docs/screenshots

if ((measure)); then
    echo "== e2e: startup and open times (release)"
    run_xvfb "$venv/bin/python" e2e/measure.py --app "$app"
fi
