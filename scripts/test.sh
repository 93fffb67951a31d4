#!/usr/bin/env bash
# Run every check CI runs: formatting, lints, and all tests — the core's (unit, integration,
# doc), the UI's (vitest), the desktop shell's (tauri mock runtime) and the end-to-end run of the
# real app (WebDriver under Xvfb).
# Works on a fresh Debian machine with only the Rust toolchain: it adds what is missing
# (scripts/setup-system.sh: WebKitGTK, a CJK font, Xvfb, WebKitWebDriver, tauri-driver, node
# modules). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy
fi

echo "== system packages, tauri-driver, node modules"
./scripts/setup-system.sh

echo "== ui: npm test, npm run build (the shell embeds ui/dist)"
npm --prefix ui test --silent
npm --prefix ui run build --silent

echo "== cargo fmt --all --check"
cargo fmt --all --check
echo "== cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
echo "== tests"
if cargo nextest --version >/dev/null 2>&1; then
    # Library, binary and integration tests (benches are run by `cargo bench`, not here).
    cargo nextest run --lib --bins --tests --no-fail-fast
    cargo test --doc
else
    cargo test --lib --bins --tests --no-fail-fast
    cargo test --doc
fi
echo "== desktop shell: commands on tauri's mock runtime"
cargo test -p policylens-desktop

echo "== end to end: the real app under Xvfb"
./scripts/e2e.sh
