"""Speed of the desktop app (run on the release build, under Xvfb, by `scripts/e2e.sh --release`).

1. Startup: the app is started directly (no WebDriver), N times on the same library, with
   POLICYLENS_TIMING=1. The shell prints the wall clock at `main`, when the window is created,
   when the page has loaded and when the UI's first `list_policies` call is answered (the UI
   renders the list in the same task). Times are from just before the process is spawned.
   The first start on a new library also imports the bundled policies: reported apart.
2. Opening a 50,000-char policy (the bundled plain-text policies end to end, cut at 50,000
   chars), through WebDriver on the running app:
   - the `open_policy` command in Rust (read + parse + extract + view), from the shell's log;
   - `invoke('open_policy')` in the page (adds serializing, IPC, JSON parsing);
   - click in the library → the reader rendered with all highlights and a frame painted
     (MutationObserver on the reader's data-render-ms, then two animation frames).
Prints a Markdown table (for the README) and writes it to target/desktop-speed.md.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from harness import Driver, css, invoke, wait_for

ROOT = Path(__file__).resolve().parent.parent
TIMING = re.compile(r"timing: ([0-9.]+) \+([0-9.]+) (.*)")


def start_once(app: Path, library: Path, timeout: float = 60.0) -> dict[str, float]:
    env = dict(os.environ, POLICYLENS_LIBRARY=str(library), POLICYLENS_TIMING="1",
               WEBKIT_DISABLE_COMPOSITING_MODE="1", WEBKIT_DISABLE_DMABUF_RENDERER="1", NO_AT_BRIDGE="1")
    t0 = time.time() * 1000.0
    proc = subprocess.Popen([str(app)], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    marks: dict[str, float] = {}
    deadline = time.time() + timeout
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            m = TIMING.search(line)
            if m:
                epoch, _, what = float(m.group(1)), m.group(2), m.group(3)
                key = what.split(" ")[0] if what.startswith(("list_policies", "open_policy")) else what
                marks.setdefault(key, epoch - t0)
            if ("list_policies" in marks and "page loaded" in marks) or time.time() > deadline:
                break
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if "list_policies" not in marks:
        raise SystemExit(f"the app did not list the library within {timeout:.0f} s: {marks}")
    return marks


def big_policy(dir: Path) -> Path:
    parts = [(ROOT / "policies" / n).read_text(encoding="utf-8") for n in
             ["kuaishou.txt", "kuaishou-shop.txt", "huajian.txt", "tencent.md"]]
    text = "大样本隐私政策\n" + "\n".join(parts)
    text = text[:50_000]
    path = dir / "big-50k.txt"
    path.write_text(text, encoding="utf-8")
    return path


OPEN_AND_PAINT = """
const [id, done] = arguments;
const item = document.querySelector(`.policy-item[data-id="${id}"] .policy-open`);
const reader = document.querySelector('.reader-view');
const t0 = performance.now();
const obs = new MutationObserver(() => {
  obs.disconnect();
  const rendered = performance.now() - t0;
  requestAnimationFrame(() => requestAnimationFrame(() => done({
    total: performance.now() - t0, rendered, render: Number(reader.dataset.renderMs),
    mentions: document.querySelectorAll('article.policy .m').length,
  })));
});
obs.observe(reader, { attributes: true, attributeFilter: ['data-render-ms'] });
item.click();
"""

INVOKE_TIMED = """
const [id, done] = arguments;
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke('open_policy', { id }).then(
  (v) => done({ ms: performance.now() - t0, utf16: v.text.length, mentions: v.mentions.length }),
  (e) => done({ error: String(e) }));
"""


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--app", type=Path, required=True)
    p.add_argument("--runs", type=int, default=7)
    a = p.parse_args()
    app = a.app.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="policylens-measure-"))
    library = tmp / "library"

    # 1. Startup.
    first = start_once(app, library)
    warm = [start_once(app, library) for _ in range(a.runs)]
    keys = ["window created", "page loaded", "list_policies"]
    startup = {k: med([w[k] for w in warm]) for k in keys}
    startup_max = {k: max(w[k] for w in warm) for k in keys}

    # 2. Open a 50k-char policy.
    driver = Driver(app, {"POLICYLENS_LIBRARY": str(library), "POLICYLENS_TIMING": "1"}, tmp / "tauri-driver.log")
    try:
        s = driver.session()
        wait_for("the library list", lambda: len(css(s, ".policy-item")) >= 4, timeout=60)
        path = big_policy(tmp)
        result = invoke(s, "import_paths", {"paths": [str(path)]})
        assert "ok" in result and result["ok"]["imported"], result
        big = result["ok"]["imported"][0]["id"]
        s.refresh()
        wait_for("the big policy listed", lambda: css(s, f'.policy-item[data-id="{big}"]'), timeout=30)
        other = next(e.get_attribute("data-id") for e in css(s, ".policy-item") if e.get_attribute("data-id") != big)
        ipc, ui = [], []
        for _ in range(a.runs):
            r = s.execute_async_script(INVOKE_TIMED, big)
            assert "ms" in r, r
            ipc.append(r["ms"])
            s.execute_async_script(OPEN_AND_PAINT, other)  # away, so the next click renders again
            ui.append(s.execute_async_script(OPEN_AND_PAINT, big))
        chars = r["utf16"]
        s.quit()
    finally:
        driver.close()
    log = (tmp / "tauri-driver.log").read_text(errors="replace")
    rust = [float(m) for m in re.findall(rf"open_policy {big} \(\d+ chars\) in ([0-9.]+) ms", log)]

    rows = [
        ("Startup → window created (median of %d)" % a.runs, startup["window created"], startup_max["window created"]),
        ("Startup → page loaded", startup["page loaded"], startup_max["page loaded"]),
        ("**Startup → library listed** (`list_policies` answered)", startup["list_policies"], startup_max["list_policies"]),
        ("First start on a new library (imports the 4 bundled policies) → listed", first["list_policies"], first["list_policies"]),
        (f"`open_policy` in Rust, {chars:,}-char policy (parse + extract + view)", med(rust), max(rust)),
        ("`invoke('open_policy')` from the page (+ JSON and IPC)", med(ipc), max(ipc)),
        ("UI render of the reader (all %d highlights), JS time" % ui[-1]["mentions"], med([u["render"] for u in ui]), max(u["render"] for u in ui)),
        ("**Click → reader rendered with all highlights and painted**", med([u["total"] for u in ui]), max(u["total"] for u in ui)),
    ]
    lines = ["| measure | median ms | max ms |", "|---|---|---|"]
    lines += [f"| {name} | {m:.0f} | {x:.0f} |" for name, m, x in rows]
    table = "\n".join(lines)
    print(table)
    out = ROOT / "target" / "desktop-speed.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n", encoding="utf-8")
    print(f"written to {out}")
    ok = startup["list_policies"] < 1500 and med([u["total"] for u in ui]) < 150
    print("measure: targets met (listed < 1500 ms, open 50k < 150 ms)" if ok else "measure: a target was missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
