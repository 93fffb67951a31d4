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
echo "== test documents: PDFs printed by headless Chromium (scripts/make-test-documents.sh)"
./scripts/make-test-documents.sh target/test-documents
# Named, so the PDF tests fail (rather than skip) when the documents are missing.
export POLICYLENS_TEST_DOCUMENTS="$PWD/target/test-documents"
echo "== tests: core and desktop shell (commands on tauri's mock runtime)"
# One invocation over the whole workspace, so shared dependencies (tantivy, serde, …) are built
# once with one feature set; `cargo test -p policylens-desktop` alone resolves features for the
# shell only and rebuilt them (~12 min of CI). scripts/e2e.sh builds the app with the same set.
if cargo nextest --version >/dev/null 2>&1; then
    # Library, binary and integration tests (benches are run by `cargo bench`, not here).
    cargo nextest run --workspace --lib --bins --tests --no-fail-fast
else
    cargo test --workspace --lib --bins --tests --no-fail-fast
fi
cargo test --workspace --doc

echo "== end to end: the real app under Xvfb"
./scripts/e2e.sh

echo "== package: the .deb of that debug build, installed, its app started (scripts/test-package.sh)"
# The release package is the same bundle of a release build (./scripts/package.sh, ~20 min on
# a clean 2-core machine, so by hand); this checks the packaging itself in ~10 s.
./scripts/test-package.sh "$(./scripts/package.sh --debug)"
