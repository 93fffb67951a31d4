#!/usr/bin/env bash
# CI smoke test: every fuzz target for 30 s (or $1 s); exits non-zero on any crash, timeout or
# out-of-memory (any new file in fuzz/artifacts/). Needs cargo-fuzz (`cargo install cargo-fuzz
# --locked`); works on stable Rust (run-all.sh sets RUSTC_BOOTSTRAP=1).
set -euo pipefail
exec "$(dirname "$0")/run-all.sh" "${1:-30}"
