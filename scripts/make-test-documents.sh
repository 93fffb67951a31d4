#!/usr/bin/env bash
# Render the PDFs the PDF reader is measured on (tests/integration/pdf.rs), with headless
# Chromium (Debian's `chromium`, installed by scripts/setup-system.sh):
#   - the bundled policies (policies/*.md, *.txt), from a plain page of their blocks
#     (examples/policy_html.rs) set in LXGW WenKai, a TrueType face with a bold weight, embedded
#     as Word and Windows browsers embed theirs;
#   - 20 policies of the crawl (../shared/corpus/appch, when it is there), the same way but in
#     the browser's default CJK face (Noto CJK here, which Chromium writes as nameless Type 3
#     fonts: the reader's other path);
#   - one page whose text is a picture (a screenshot), for the refusal of scanned PDFs.
# Chromium's own header and footer (date, title, file URL, page n/m) are left on: the reader
# must drop them. Nothing is fetched: every host name resolves to nothing.
#
#   scripts/make-test-documents.sh [OUT]     # default OUT: target/test-documents
#
# OUT gets NAME.pdf and NAME.source (the path of the file it was made from); the bundled
# policies' pages are kept as NAME.html (the same policy as HTML, for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/test-documents}
mkdir -p "$out"
out=$(cd "$out" && pwd)

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    echo "make-test-documents.sh: chromium not found (scripts/setup-system.sh installs it)" >&2
    exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
render() { # URL-or-file OUT.pdf
    "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --user-data-dir="$profile" --host-resolver-rules="MAP * ~NOTFOUND" \
        --print-to-pdf="$2" "$1" >/dev/null 2>&1
    [[ -s "$2" ]] || { echo "make-test-documents.sh: chromium made no $2" >&2; exit 1; }
}

# Built with the workspace's features, so the test run that follows reuses the library.
cargo build --quiet --workspace --example policy_html
html_of=$(cargo metadata --format-version 1 --no-deps | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/examples/policy_html

for policy in policies/*.md policies/*.txt; do
    name=$(basename "${policy%.*}")
    "$html_of" "$policy" > "$out/$name.html"
    render "file://$out/$name.html" "$out/$name.pdf"
    echo "$policy" > "$out/$name.source"
done

# The picture of a policy page, printed: a PDF with no text layer.
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    --host-resolver-rules="MAP * ~NOTFOUND" --window-size=900,1200 \
    --screenshot="$out/scanned.png" "file://$out/tencent.html" >/dev/null 2>&1
echo '<!DOCTYPE html><html><body style="margin:0"><img src="scanned.png" style="width:100%"></body></html>' \
    > "$out/scanned.html"
render "file://$out/scanned.html" "$out/scanned.pdf"
rm -f "$out/scanned.png" "$out/scanned.html"

crawl=../shared/corpus/appch
if [[ -d "$crawl" ]]; then
    # 20 policies spread evenly over the sorted list (the same on every machine), each the
    # first from its point on that reads as a policy of some length (the crawl holds junk).
    mapfile -t files < <(find "$crawl" -type f | LC_ALL=C sort)
    count=${#files[@]}
    made=0
    for i in $(seq 0 19); do
        for ((j = i * count / 20; j < (i + 1) * count / 20; j++)); do
            name=crawl-$(printf %02d "$i")
            if "$html_of" "${files[$j]}" sans-serif > "$out/$name.html" 2>/dev/null &&
                (($(wc -c < "$out/$name.html") > 6000)); then
                render "file://$out/$name.html" "$out/$name.pdf"
                echo "${files[$j]}" > "$out/$name.source"
                made=$((made + 1))
                break
            fi
        done
    done
    ((made == 20)) || { echo "make-test-documents.sh: only $made crawl policies" >&2; exit 1; }
fi
rm -f "$out"/crawl-*.html
echo "make-test-documents.sh: $(ls "$out"/*.pdf | wc -l) PDFs in $out"
