#!/usr/bin/env bash
# Run every check CI runs: formatting, lints, and all tests (unit, integration, doc).
# Works on a fresh machine with only the Rust toolchain: it adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy
fi

echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
echo "== tests"
if cargo nextest --version >/dev/null 2>&1; then
    # Library, binary and integration tests (benches are run by `cargo bench`, not here).
    cargo nextest run --lib --bins --tests --no-fail-fast
    cargo test --doc
else
    cargo test --lib --bins --tests --no-fail-fast
    cargo test --doc
fi
