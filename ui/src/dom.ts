// A tiny element builder. Text goes in through `textContent` / text nodes only: nothing in ui/
// ever assigns `innerHTML`, so a `<script>` or `onerror=` inside a policy is shown as text.

type Child = Node | string | number | null | undefined | false;
type Attrs = {
  class?: string;
  text?: string;
  title?: string;
  [attr: string]: string | number | boolean | undefined | null;
};

/** `h("button", { class: "x", type: "button" }, "保存")` */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = String(v);
      else if (k === "text") el.textContent = String(v);
      else if (v === true) el.setAttribute(k, "");
      else el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

/** Remove every child. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replace the children of `el`. */
export function replace(el: Node, ...children: Child[]): void {
  clear(el);
  append(el, ...children);
}

/** `text` with the given UTF-16 ranges wrapped in <mark> (ranges clipped and sorted). */
export function markRanges(text: string, ranges: { start: number; end: number }[], cls = "hl"): DocumentFragment {
  const frag = document.createDocumentFragment();
  const sorted = ranges
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(text.length, r.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  let at = 0;
  for (const r of sorted) {
    if (r.start < at) continue; // overlapping highlight: keep the first
    if (r.start > at) frag.appendChild(document.createTextNode(text.slice(at, r.start)));
    const m = document.createElement("mark");
    m.className = cls;
    m.textContent = text.slice(r.start, r.end);
    frag.appendChild(m);
    at = r.end;
  }
  if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
  return frag;
}
