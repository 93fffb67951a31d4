#!/usr/bin/env bash
# Build the seed corpora in fuzz/seeds/<target>/ (gitignored: they hold copies of the crawl).
#
#   fuzz/seed.sh [APPCH_DIR]      (default: ../shared/corpus/appch beside the repository,
#                                  or $APPCH, or /work/shared/corpus/appch)
#
# Sources: policies/* and tests/fixtures/* of the repository (UTF-8, GB18030, Big5, UTF-16 with
# and without BOM, Markdown), ~30 files of the APPCH crawl (10 with HTML tags, 10 not UTF-8 —
# GBK —, 10 plain UTF-8; text files of 64 KiB or less, pages with tags up to 1 MiB, picked in a fixed order so the seeds are
# the same on every machine), a small hand-written HTML page, and hand-written queries.
# The `segment` and `parse` targets choose the format by their input's first byte
# (byte % 3: 0 = .txt, 1 = .html, 2 = .md), so their seeds get a prefix: '0', '1' or '2'.
# The crawl is absent on CI: the seeds are then the repository's own files only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
appch=${1:-${APPCH:-}}
if [ -z "$appch" ]; then
  for d in "$root/../shared/corpus/appch" "$root/../../shared/corpus/appch" /work/shared/corpus/appch; do
    if [ -d "$d" ]; then appch=$d; break; fi
  done
fi
seeds="$here/seeds"
targets=(decode ingest_text ingest_html ingest_markdown segment parse query)
rm -rf "$seeds"
for t in "${targets[@]}"; do mkdir -p "$seeds/$t"; done

max=65536
n_html=0 n_gbk=0 n_utf8=0
declare -a picked_txt=() picked_html=()

is_utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }
has_tags() { grep -qiE '<(html|body|div|p|br|span|table|li|b|strong)([ >/]|$)' "$1"; }

if [ -n "$appch" ] && [ -d "$appch" ]; then
  while IFS= read -r f; do
    size=$(stat -c %s "$f")
    [ "$size" -gt 200 ] || continue
    if has_tags "$f"; then
      # Pages with tags are rare (22 of 3,497) and mostly large: take them up to 1 MiB
      # (libFuzzer reads only the first -max_len bytes of a seed).
      { [ $n_html -lt 10 ] && [ "$size" -le $((16 * max)) ]; } || continue
      n_html=$((n_html + 1)); picked_html+=("$f")
    elif [ "$size" -gt $max ]; then
      continue
    elif ! is_utf8 "$f"; then
      [ $n_gbk -lt 10 ] || continue
      n_gbk=$((n_gbk + 1)); picked_txt+=("$f")
    else
      [ $n_utf8 -lt 10 ] || continue
      n_utf8=$((n_utf8 + 1)); picked_txt+=("$f")
    fi
    [ $n_html -ge 10 ] && [ $n_gbk -ge 10 ] && [ $n_utf8 -ge 10 ] && break
  done < <(find "$appch" -type f -name '*.txt' | LC_ALL=C sort)
else
  echo "seed.sh: no APPCH crawl found; seeding from the repository only" >&2
fi

# Repository files: plain text / Markdown by extension.
for f in "$root"/policies/* "$root"/tests/fixtures/*; do
  [ -f "$f" ] || continue
  picked_txt+=("$f")
done

# A small hand-written HTML page (tags the HTML ingester treats specially).
html_seed="$seeds/sample-page.html"
cat > "$html_seed" <<'HTML'
<!DOCTYPE html><html><head><title>示例隐私政策</title><style>p{color:#333}</style></head>
<body style="color:#333"><nav>首页 | 登录</nav><h1>示例隐私政策</h1>
<p>更新日期：2024年1月1日</p><h2>一、我们如何收集您的个人信息</h2>
<p>当您注册时，我们会收集您的<strong>手机号码</strong>，用于<u>注册登录</u>。</p>
<p><span style="font-weight: 700">敏感个人信息</span>包括<span style="color: red">人脸识别特征</span>。</p>
<ul><li>（一）设备信息</li><li>（二）位置信息&nbsp;&amp;</li></ul>
<table><tr><th>SDK</th><th>用途</th></tr><tr><td>推送SDK</td><td>消息推送</td></tr></table>
<pre>第三方
共享</pre><br><div><b>我们不会<div>向第三方</b>出售</div></div><script>alert(1)</script>
<!-- 注释 --><font color="#ff0000">重要</font></body></html>
HTML
picked_html+=("$html_seed")

name_of() { basename "$1" | tr -c 'A-Za-z0-9._\n-' '_'; }
for f in "${picked_txt[@]}" "${picked_html[@]}"; do
  n=$(name_of "$f")
  for t in decode ingest_text ingest_html ingest_markdown; do cp "$f" "$seeds/$t/$n"; done
done
# segment / parse: the format byte, then the file. HTML-ish files as .html, Markdown as .md,
# the rest as .txt; the repository's policies are also fed as .md (text under the Markdown parser).
prefixed() { { printf '%s' "$1"; cat "$2"; } > "$3"; }
for f in "${picked_txt[@]}"; do
  n=$(name_of "$f")
  case "$f" in *.md) p=2 ;; *) p=0 ;; esac
  for t in segment parse; do prefixed $p "$f" "$seeds/$t/$p-$n"; done
  case "$f" in "$root"/policies/*.txt)
    for t in segment parse; do prefixed 2 "$f" "$seeds/$t/2-$n"; done ;;
  esac
done
for f in "${picked_html[@]}"; do
  n=$(name_of "$f")
  for t in segment parse; do prefixed 1 "$f" "$seeds/$t/1-$n"; done
done
rm -f "$html_seed"

# Queries (one file each).
i=0
while IFS= read -r q; do
  i=$((i + 1))
  printf '%s' "$q" > "$seeds/query/q$i"
done <<'QUERIES'
手机号码
人脸 第三方
"精准位置信息"
位置 OR 通讯录
位置 | 通讯录 -广告
NOT 第三方 个人信息
(人脸 OR 指纹) AND 共享
“个人信息安全” 「设备信息」
((((手机号码 OR "身份证") -广告) 第三方
个人信息安全 && 加密 || Cookie
-
""
( ) OR AND NOT
SDK 第三方 "Cookie 同类技术"
『生物识别』 -(人脸 OR "虹膜")
QUERIES

for t in "${targets[@]}"; do
  printf '%-16s %4d seeds\n' "$t" "$(find "$seeds/$t" -type f | wc -l)"
done
echo "appch: $n_html with HTML tags, $n_gbk not UTF-8, $n_utf8 UTF-8 (${appch:-none})"
