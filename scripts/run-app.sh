#!/usr/bin/env bash
# Open PolicyLens on the bundled sample policies.
#
# The desktop window (Tauri) has not landed yet: until it does, this builds the command-line
# program and shows the bundled policies in the terminal, listing what it parsed first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin policylens
bin=target/release/policylens
echo "PolicyLens — the desktop app is not built yet; showing the bundled policies with the CLI."
"$bin" parse --format text policies/*.txt policies/*.md
for f in policies/*.txt policies/*.md; do
    "$bin" show "$f" | ${PAGER:-less -R}
done
