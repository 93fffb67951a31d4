#!/usr/bin/env bash
# Build the Debian package with Tauri's bundler (the CLI pinned in ui/package.json; nothing is
# downloaded at build time): the desktop app (/usr/bin/policylens-desktop, with the bundled
# policies and data files inside it), the command line (/usr/bin/policylens), a menu entry
# 隐私政策阅读助手 that opens .txt/.md/.html/.pdf/.docx files ("Open with"), the icon, and the
# declared dependencies (WebKitGTK 4.1, GTK 3, a CJK font).
#
#   ./scripts/package.sh           release build → prints target/release/bundle/deb/PolicyLens_*.deb
#   ./scripts/package.sh --debug   packages the debug binaries the workspace's test build made
#                                  (scripts/test.sh): no compiling, for CI's test of the package
#
# Install it with `sudo apt install ./PolicyLens_…_amd64.deb`; scripts/test-package.sh checks it.
# Both binaries go in without their symbols (a third of the size of the release ones).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
for arg in "$@"; do
    case "$arg" in
        --debug) profile=debug ;;
        *) echo "package.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done

./scripts/setup-system.sh --no-driver >&2
target_dir="$(realpath "${CARGO_TARGET_DIR:-target}")"
app="$target_dir/$profile/policylens-desktop"
cli="$target_dir/$profile/policylens"
if [[ $profile == release ]]; then
    echo "== package: building the UI, the command line and the app (release)" >&2
    npm --prefix ui run build --silent >&2
    cargo build --release --bin policylens >&2
    # The app as `tauri build` makes it (its build script sees the bundler's environment).
    bundler=(build --no-bundle)
else
    for binary in "$app" "$cli"; do
        [[ -x $binary ]] || {
            echo "package.sh --debug: no $binary; run the workspace's test build first" >&2
            echo "  (cargo test --workspace --lib --bins --tests --no-run)" >&2
            exit 1
        }
    done
    bundler=()
fi

# The bundler takes the folder of the tauri.conf.json it finds as the app crate's: at the
# repository's root it would find the root package (the command line) and ship that as the app.
# So it runs in src-tauri/ over a copy of the configuration with its paths made relative to there
# (removed afterwards). The command line and the menu entry (zh-CN name, "Open with" MIME types)
# go in by absolute path.
staged=src-tauri/tauri.conf.json
stage="$target_dir/package-$profile"
trap 'rm -f "$staged"' EXIT
python3 - "$staged" <<'PY'
import json, sys
c = json.load(open("tauri.conf.json", encoding="utf-8"))
c["build"]["frontendDist"] = "../" + c["build"]["frontendDist"]
c["build"].pop("beforeBuildCommand", None)
c["bundle"]["icon"] = [p.removeprefix("src-tauri/") for p in c["bundle"]["icon"]]
json.dump(c, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
debug_flag=()
[[ $profile == debug ]] && debug_flag=(--debug)
if ((${#bundler[@]})); then
    (cd src-tauri && ../ui/node_modules/.bin/tauri "${bundler[@]}" "${debug_flag[@]}") >&2
fi
# Symbols off, on copies: the bundler takes the app from `<target dir>/<profile>/`, so it is
# pointed at a staging target dir holding the stripped copies (cargo's own builds keep theirs).
mkdir -p "$stage/$profile"
strip --strip-unneeded -o "$stage/$profile/policylens-desktop" "$app"
strip --strip-unneeded -o "$stage/$profile/policylens" "$cli"
echo "== package: bundling the .deb ($profile)" >&2
extra="{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/policylens\":\"$stage/$profile/policylens\"},\"desktopTemplate\":\"$PWD/src-tauri/packaging/policylens.desktop.hbs\"}}}}"
(cd src-tauri && CARGO_TARGET_DIR="$stage" ../ui/node_modules/.bin/tauri bundle --bundles deb "${debug_flag[@]}" --config "$extra") >&2
ls -t "$stage/$profile"/bundle/deb/*.deb | head -1
