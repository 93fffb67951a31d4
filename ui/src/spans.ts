// Span helpers. Every span is UTF-16 and half-open, as in the contract.
import type { ViewBlock, PolicyView, Span } from "./types";

export const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
export const covers = (outer: Span, inner: Span): boolean => outer.start <= inner.start && inner.end <= outer.end;

/** Items with spans, sorted by start, answering "which overlap [start, end)?" in O(log n + k). */
export class SpanIndex<T> {
  readonly items: T[];
  private readonly starts: number[];
  private readonly ends: number[];
  /** maxEnd[i] = max end of items[0..=i] */
  private readonly maxEnd: number[];

  constructor(items: Iterable<T>, private readonly spanOf: (t: T) => Span) {
    this.items = [...items].sort((a, b) => spanOf(a).start - spanOf(b).start || spanOf(a).end - spanOf(b).end);
    this.starts = this.items.map((t) => spanOf(t).start);
    this.ends = this.items.map((t) => spanOf(t).end);
    this.maxEnd = [];
    let m = -Infinity;
    for (const e of this.ends) {
      m = Math.max(m, e);
      this.maxEnd.push(m);
    }
  }

  get length(): number {
    return this.items.length;
  }

  /** Items overlapping [start, end), in start order. Empty spans never overlap. */
  query(start: number, end: number): T[] {
    // first index whose start >= end
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let i = lo - 1; i >= 0 && this.maxEnd[i] > start; i--) {
      if (this.ends[i] > start && this.ends[i] > this.starts[i]) out.push(this.items[i]);
    }
    return out.reverse();
  }

  span(t: T): Span {
    return this.spanOf(t);
  }
}

/** Index of the block containing offset `at` (or the last block starting before it); -1 if none. */
export function blockAt(blocks: ViewBlock[], at: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].span.start <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Indices of the blocks overlapping `span` (a touching empty span counts for its block). */
export function blocksOverlapping(blocks: ViewBlock[], span: Span): number[] {
  const out: number[] = [];
  let i = Math.max(0, blockAt(blocks, span.start));
  for (; i < blocks.length && blocks[i].span.start < Math.max(span.end, span.start + 1); i++) {
    const b = blocks[i].span;
    if (overlaps(b, span) || (span.start === span.end && b.start <= span.start && span.start <= b.end)) out.push(i);
  }
  return out;
}

/** The spans a reader never shows: hidden markup and soft breaks. */
export function skipIndex(view: Pick<PolicyView, "hidden" | "soft_breaks">): SpanIndex<Span> {
  return new SpanIndex([...view.hidden, ...view.soft_breaks], (s) => s);
}

/** The text of [start, end) as the reader shows it: hidden markup and soft breaks left out. */
export function visibleText(text: string, skip: SpanIndex<Span>, start: number, end: number): string {
  let out = "";
  let at = start;
  for (const s of skip.query(start, end)) {
    if (s.start > at) out += text.slice(at, s.start);
    at = Math.max(at, s.end);
  }
  if (at < end) out += text.slice(at, end);
  return out;
}

/** The visible text of [start, end) with, for each of its UTF-16 units, its offset in `text`. */
export function visibleWithOffsets(text: string, skip: SpanIndex<Span>, start: number, end: number): { str: string; pos: number[] } {
  let str = "";
  const pos: number[] = [];
  let at = start;
  const take = (a: number, b: number) => {
    for (let i = a; i < b; i++) pos.push(i);
    str += text.slice(a, b);
  };
  for (const s of skip.query(start, end)) {
    if (s.start > at) take(at, s.start);
    at = Math.max(at, s.end);
  }
  if (at < end) take(at, end);
  return { str, pos };
}

/** Every occurrence of `word` in the visible text of `span`, as spans of `text`. */
export function findVisible(text: string, skip: SpanIndex<Span>, span: Span, word: string): Span[] {
  if (!word) return [];
  const { str, pos } = visibleWithOffsets(text, skip, span.start, span.end);
  const out: Span[] = [];
  for (let at = str.indexOf(word); at >= 0; at = str.indexOf(word, at + word.length)) {
    out.push({ start: pos[at], end: pos[at + word.length - 1] + 1 });
  }
  return out;
}
