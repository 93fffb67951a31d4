// DOM selection → UTF-16 offsets into PolicyView.text.
//
// The renderer puts every visible piece of text in a leaf <span data-o="N"> whose only child is
// a text node holding exactly text.slice(N, N + length). A boundary inside such a text node is
// therefore N + (offset in the node) — DOM offsets in text nodes are UTF-16 code units, the same
// unit as the contract, so a non-BMP character (a surrogate pair) needs no special care.
// A boundary between elements (a block edge, a mention wrapper, a skipped soft break) resolves
// to the nearest leaf after it (for a start) or before it (for an end).
import type { Span } from "../types";

const LEAF = "[data-o]";

function leafOf(node: Node | null): HTMLElement | null {
  const el = node instanceof Element ? node : node?.parentElement ?? null;
  return (el?.closest(LEAF) as HTMLElement | null) ?? null;
}

const leafStart = (leaf: HTMLElement) => Number(leaf.dataset.o);
const leafEnd = (leaf: HTMLElement) => Number(leaf.dataset.o) + (leaf.textContent ?? "").length;

function firstLeafIn(n: Node): HTMLElement | null {
  if (!(n instanceof Element)) return null;
  if (n.matches(LEAF)) return n as HTMLElement;
  return n.querySelector(LEAF);
}

function lastLeafIn(n: Node): HTMLElement | null {
  if (!(n instanceof Element)) return null;
  if (n.matches(LEAF)) return n as HTMLElement;
  const all = n.querySelectorAll(LEAF);
  return (all[all.length - 1] as HTMLElement | undefined) ?? null;
}

/** The first leaf at or after the point just before `n`, walking forward out of ancestors. */
function leafFrom(n: Node | null, parent: Node, root: Node): HTMLElement | null {
  let cur: Node | null = n;
  let up: Node = parent;
  for (;;) {
    while (cur) {
      const l = firstLeafIn(cur);
      if (l) return l;
      cur = cur.nextSibling;
    }
    if (up === root || !up.parentNode) return null;
    cur = up.nextSibling;
    up = up.parentNode;
  }
}

/** The last leaf at or before the point just after `n`, walking backward out of ancestors. */
function leafUntil(n: Node | null, parent: Node, root: Node): HTMLElement | null {
  let cur: Node | null = n;
  let up: Node = parent;
  for (;;) {
    while (cur) {
      const l = lastLeafIn(cur);
      if (l) return l;
      cur = cur.previousSibling;
    }
    if (up === root || !up.parentNode) return null;
    cur = up.previousSibling;
    up = up.parentNode;
  }
}

/** The offset of a range start at (node, offset). */
export function startOffset(node: Node, offset: number, root: Node): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const leaf = leafOf(node);
    if (leaf && leaf.contains(node)) return leafStart(leaf) + Math.min(offset, (node.textContent ?? "").length);
    // a text node outside the leaves: continue after it
    const l = leafFrom(node.nextSibling, node.parentNode ?? root, root);
    return l ? leafStart(l) : null;
  }
  const leaf = leafOf(node);
  if (leaf) return offset === 0 ? leafStart(leaf) : leafEnd(leaf);
  const l = leafFrom(node.childNodes[offset] ?? null, node, root);
  return l ? leafStart(l) : null;
}

/** The offset of a range end at (node, offset). */
export function endOffset(node: Node, offset: number, root: Node): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const leaf = leafOf(node);
    if (leaf && leaf.contains(node)) return leafStart(leaf) + Math.min(offset, (node.textContent ?? "").length);
    const l = leafUntil(node.previousSibling, node.parentNode ?? root, root);
    return l ? leafEnd(l) : null;
  }
  const leaf = leafOf(node);
  if (leaf) return offset === 0 ? leafStart(leaf) : leafEnd(leaf);
  const l = leafUntil(node.childNodes[offset - 1] ?? null, node, root);
  return l ? leafEnd(l) : null;
}

/** The UTF-16 span of `range` within the rendered policy under `root`; null when empty/outside. */
export function rangeToSpan(range: Range, root: HTMLElement): Span | null {
  if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) {
    // partly outside: clip to the reader
    const clipped = document.createRange();
    clipped.selectNodeContents(root);
    if (range.compareBoundaryPoints(Range.START_TO_START, clipped) > 0) clipped.setStart(range.startContainer, range.startOffset);
    if (range.compareBoundaryPoints(Range.END_TO_END, clipped) < 0) clipped.setEnd(range.endContainer, range.endOffset);
    if (!root.contains(clipped.commonAncestorContainer) && clipped.commonAncestorContainer !== root) return null;
    range = clipped;
  }
  const start = startOffset(range.startContainer, range.startOffset, root);
  const end = endOffset(range.endContainer, range.endOffset, root);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** The current selection's span in the reader, if it has one. */
export function selectionSpan(root: HTMLElement, sel: Selection | null = document.getSelection()): Span | null {
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  return rangeToSpan(sel.getRangeAt(0), root);
}
