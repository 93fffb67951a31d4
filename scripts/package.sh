#!/usr/bin/env bash
# Build the Debian package with Tauri's bundler (the CLI pinned in ui/package.json; nothing is
# downloaded at build time): the desktop app (/usr/bin/policylens-desktop, with the bundled
# policies and data files inside it), the command line (/usr/bin/policylens), a menu entry
# 隐私政策阅读助手 that opens .txt/.md/.html/.pdf/.docx files ("Open with"), the icon, and the
# declared dependencies (WebKitGTK 4.1, GTK 3, a CJK font).
#
#   ./scripts/package.sh       → prints the path of target/release/bundle/deb/PolicyLens_*.deb
#
# Install it with `sudo apt install ./PolicyLens_…_amd64.deb`; scripts/test-package.sh checks it.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-system.sh --no-driver >&2
echo "== package: building the UI and the command line (release)" >&2
npm --prefix ui run build --silent >&2
cargo build --release --bin policylens >&2
echo "== package: building the app and the .deb (tauri build --bundles deb)" >&2
target_dir="$(realpath "${CARGO_TARGET_DIR:-target}")"
# The bundler takes the folder of the tauri.conf.json it finds as the app crate's: at the
# repository's root it would find the root package (the command line) and ship that as the app.
# So it runs in src-tauri/ over a copy of the configuration with its paths made relative to there
# (removed afterwards). The command line and the menu entry (zh-CN name, "Open with" MIME types)
# go in by absolute path.
staged=src-tauri/tauri.conf.json
trap 'rm -f "$staged"' EXIT
python3 - "$staged" <<'PY'
import json, sys
c = json.load(open("tauri.conf.json", encoding="utf-8"))
c["build"]["frontendDist"] = "../" + c["build"]["frontendDist"]
c["bundle"]["icon"] = [p.removeprefix("src-tauri/") for p in c["bundle"]["icon"]]
json.dump(c, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
extra="{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/policylens\":\"$target_dir/release/policylens\"},\"desktopTemplate\":\"$PWD/src-tauri/packaging/policylens.desktop.hbs\"}}}}"
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --config "$extra") >&2
ls -t "$target_dir"/release/bundle/deb/*.deb | head -1
