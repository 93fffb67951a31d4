#!/usr/bin/env python3
"""Make a folder of N policies for the search benchmark (the 10,000-policy library).

Copies real policies under varied app names: each copy is the text of one source policy
(decoded: UTF-8, UTF-8 with BOM, GB18030 or UTF-16) with a first line naming a made-up app,
`《星河浏览器00042隐私政策》`, so every copy has its own app and its own text (the library
would otherwise keep one copy of identical texts). Copies are written as UTF-8.

The sources are normally the `originals/` folder of a library the real corpus was imported into
(only real policies are there):

    policylens add --library target/bench-library/corpus ../shared/corpus/appch
    scripts/make_big_library.py --from target/bench-library/corpus/originals \
        --out target/bench-library/big --count 10000

The output is generated data: keep it under target/ (never commit it). The same arguments give
the same files.
"""
import argparse
import os
import random
import sys

PREFIXES = [
    "星河", "云端", "极速", "掌上", "智慧", "快乐", "易", "小", "大众", "优选",
    "乐享", "悦读", "安心", "全民", "超级", "闪电", "青橙", "蓝海", "金牌", "口袋",
]
KINDS = [
    "浏览器", "相机", "地图", "阅读", "商城", "视频", "音乐", "健身", "记账", "天气",
    "翻译", "输入法", "直播", "外卖", "打车", "招聘", "教育", "医生", "游戏", "社区",
]


def decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="source", required=True, help="folder of real policies")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    texts = []
    for name in sorted(os.listdir(args.source)):
        path = os.path.join(args.source, name)
        if not os.path.isfile(path) or name.endswith(".tmp"):
            continue
        with open(path, "rb") as f:
            text = decode(f.read())
        if text and text.strip():
            texts.append(text)
    if not texts:
        print(f"no policies in {args.source}", file=sys.stderr)
        return 1

    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for n in range(args.count):
        text = texts[n % len(texts)]
        app = f"{rng.choice(PREFIXES)}{rng.choice(KINDS)}{n:05d}"
        body = f"《{app}隐私政策》\n{text}"
        data = body.encode("utf-8")
        with open(os.path.join(args.out, f"policy-{n:05d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"wrote {args.count} policies ({total / 1e6:.1f} MB) from {len(texts)} sources to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
