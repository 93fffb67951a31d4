#!/usr/bin/env bash
# The command line as a user runs it: cold one-shot commands against ripgrep, an import of the
# crawl, and the memory of an import of large files. Prints the figures the README's "The
# command line, cold" section shows. Run by hand (needs the crawl, hyperfine and ripgrep:
# `apt-get install -y hyperfine ripgrep`); a quiet machine gives the figures that mean something.
#
#   scripts/bench-cli.sh [CRAWL_DIR]      (default ../shared/corpus/appch)
set -euo pipefail
cd "$(dirname "$0")/.."
crawl=${1:-../shared/corpus/appch}
[ -d "$crawl" ] || { echo "no crawl at $crawl" >&2; exit 2; }
for tool in hyperfine rg; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y $tool)" >&2; exit 2; }
done
cargo build --release -p policylens --bin policylens >&2
P=$PWD/target/release/policylens
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Peak anonymous and file-backed resident memory of a command, sampled every 20 ms (VmHWM also
# counts index files mapped during merges, which the kernel can drop at any time).
peak_memory() {
    "$@" >/dev/null 2>&1 &
    local pid=$! anon=0 file=0 a f
    while kill -0 "$pid" 2>/dev/null; do
        read -r a f < <(awk '/RssAnon/{a=$2} /RssFile/{f=$2} END{print a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
        [ "$a" -gt "$anon" ] && anon=$a
        [ "$f" -gt "$file" ] && file=$f
        sleep 0.02
    done
    wait "$pid" || true
    echo "$((anon / 1024)) MB anonymous, $((file / 1024)) MB file-backed"
}

echo "== import of the crawl (add, 2 runs)"
for run in 1 2; do
    rm -rf "$work/lib"
    /usr/bin/time -f "run $run: %e s wall, %U s user, %S s sys, %M KB max RSS" \
        "$P" add --no-progress --library "$work/lib" "$crawl" >/dev/null 2>"$work/time" || true
    tail -1 "$work/time"
done

echo "== cold one-shot commands on the crawl library, and ripgrep over the raw files"
L=$work/lib
hyperfine -N -w 3 -r 20 --style basic \
    "$P search --library $L \"精准位置信息\"" \
    "$P search --library $L 人脸 OR 指纹" \
    "$P list --library $L" \
    "$P ask --library $L --app 喜马拉雅 --purpose 个性化推荐" \
    "$P ask --library $L 淘宝网会把我的位置信息共享给谁" \
    "rg -c 精准位置信息 $crawl" \
    "rg -c 人脸|指纹 $crawl"

echo "== memory: large files (made from the bundled policies, distinct texts)"
python3 - "$work/big" <<'EOF'
import os, sys, glob
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
text = "\n".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob("policies/*.txt")) + ["policies/tencent.md"])
for k in range(6):
    parts, size, i = [], 0, 0
    while size < 30_000_000:
        chunk = f"\n第{k}-{i}部分\n" + text
        parts.append(chunk); size += len(chunk.encode()); i += 1
    open(f"{out}/big{k}.txt", "w", encoding="utf-8").write("示例应用隐私政策\n" + "".join(parts))
EOF
rm -rf "$work/biglib"
echo "one 30 MB file: $(peak_memory "$P" add --no-progress --library "$work/biglib" "$work/big/big0.txt")"
rm -rf "$work/biglib"
echo "six 30 MB files: $(peak_memory "$P" add --no-progress --library "$work/biglib" "$work/big")"
rm -rf "$work/biglib"
echo "one bundled policy (the constant): $(peak_memory "$P" add --no-progress --library "$work/biglib" policies/huajian.txt)"

echo "== a PDF of 50+ pages opened as the reader opens it (show --format json)"
# The four bundled policies and tencent.md again, printed as one document the way
# scripts/make-test-documents.sh prints each (LXGW WenKai, a TrueType face with its glyph ids
# kept; the browser's header and footer on); needs chromium (scripts/setup-system.sh).
cargo build --quiet --release --example policy_html >&2
mkdir -p "$work/pdf"
for policy in policies/*.txt policies/tencent.md; do
    target/release/examples/policy_html "$policy" > "$work/pdf/$(basename "$policy").html"
done
python3 - "$work/pdf" <<'EOF'
import glob, re, sys
out = sys.argv[1]
head, bodies = None, []
for page in sorted(glob.glob(f"{out}/*.html")) * 2:
    text = open(page, encoding="utf-8").read()
    m = re.search(r"(?s)^(.*?<body[^>]*>)(.*)</body>", text)
    head = head or m.group(1)
    bodies.append(m.group(2))
    if len(bodies) == 5:
        break
open(f"{out}/long.html", "w", encoding="utf-8").write(head + "\n".join(bodies) + "</body></html>")
EOF
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/chromium" \
    --host-resolver-rules="MAP * ~NOTFOUND" --print-to-pdf="$work/pdf/long.pdf" \
    "file://$work/pdf/long.html" >/dev/null 2>&1
pages=$("$P" parse "$work/pdf/long.pdf" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["pages"]))')
echo "$pages pages, $(du -h "$work/pdf/long.pdf" | cut -f1)"
hyperfine -N -w 2 -r 10 --style basic "$P show --format json $work/pdf/long.pdf"
