// Renders a PolicyView from its block model: one element per block, and inside a block the text
// split at every boundary of hidden markup, soft breaks, emphasis, mentions, practice marks and
// the reader's overlays (notes, search target, matched terms).
//
// Output shape (all text through text nodes, never HTML):
//   <p data-b="7" data-s="120" data-e="260" class="blk has-bold">
//     <span data-o="120">为了</span>
//     <span class="m cat-4 s pr" data-m="12"><span data-o="122" class="b">位置信息</span></span> …
//   </p>
// Every leaf <span data-o> holds exactly `text.slice(o, o + length)`, so a DOM selection maps
// back to UTF-16 offsets of `PolicyView.text` by adding the offset inside the leaf's text node.
import { categoryClass } from "../categories";
import { SpanIndex, skipIndex } from "../spans";
import type { Marked, Mention, PolicyView, Span } from "../types";

export type MentionRef = { i: number; m: Mention };
export type MarkedRef = { i: number; m: Marked };
export type NoteMark = { id: number; span: Span };

/** The view with its spans indexed once (per policy). */
export type Prepared = {
  view: PolicyView;
  skip: SpanIndex<Span>;
  bold: SpanIndex<Span>;
  underline: SpanIndex<Span>;
  color: SpanIndex<Span>;
  marked: SpanIndex<MarkedRef>;
  mentions: SpanIndex<MentionRef>;
};

/** What the reader lays over the policy: notes, the clause it was opened at, matched terms. */
export type Overlay = {
  notes: SpanIndex<NoteMark>;
  target: Span | null;
  terms: SpanIndex<Span>;
};

const spanOf = (s: Span) => s;

export function prepare(view: PolicyView): Prepared {
  return {
    view,
    skip: skipIndex(view),
    bold: new SpanIndex(view.bold, spanOf),
    underline: new SpanIndex(view.underline, spanOf),
    color: new SpanIndex(view.color, spanOf),
    marked: new SpanIndex(
      view.marked.map((m, i) => ({ i, m })),
      (r) => r.m.span,
    ),
    mentions: new SpanIndex(
      view.mentions.map((m, i) => ({ i, m })),
      (r) => r.m.span,
    ),
  };
}

export function emptyOverlay(): Overlay {
  return { notes: new SpanIndex<NoteMark>([], (n) => n.span), target: null, terms: new SpanIndex<Span>([], spanOf) };
}

const coversSeg = (s: Span, a: number, b: number) => s.start <= a && b <= s.end;

const MARK_CLASS: Record<string, string> = {
  purpose: "mk-purpose",
  collect: "mk-collect",
  share: "mk-share",
  condition: "mk-condition",
  handler: "mk-handler",
};

function blockElement(view: PolicyView, i: number): HTMLElement {
  const b = view.blocks[i];
  let el: HTMLElement;
  switch (b.kind) {
    case "heading": {
      const level = Math.min(6, Math.max(2, (b.level ?? 1) + 1));
      el = document.createElement(`h${level}`);
      el.id = `sec-${i}`;
      el.className = `blk heading lv-${Math.min(b.level ?? 1, 5)}`;
      break;
    }
    case "list_item":
      el = document.createElement("div");
      el.className = "blk li";
      break;
    case "table_cell":
      el = document.createElement("div");
      el.className = "blk cell";
      break;
    default:
      el = document.createElement("p");
      el.className = "blk";
  }
  el.dataset.b = String(i);
  el.dataset.s = String(b.span.start);
  el.dataset.e = String(b.span.end);
  return el;
}

/** Render block `i`. */
export function renderBlock(p: Prepared, i: number, overlay: Overlay): HTMLElement {
  const { view } = p;
  const text = view.text;
  const { start: bs, end: be } = view.blocks[i].span;
  const el = blockElement(view, i);

  const skip = p.skip.query(bs, be);
  const bold = p.bold.query(bs, be);
  const underline = p.underline.query(bs, be);
  const color = p.color.query(bs, be);
  const marked = p.marked.query(bs, be);
  const mentions = p.mentions.query(bs, be);
  const notes = overlay.notes.query(bs, be);
  const terms = overlay.terms.query(bs, be);
  const target = overlay.target && overlay.target.start < be && bs < overlay.target.end ? overlay.target : null;

  const cuts = new Set<number>([bs, be]);
  const addCuts = (spans: Iterable<Span>) => {
    for (const s of spans) {
      if (s.start > bs && s.start < be) cuts.add(s.start);
      if (s.end > bs && s.end < be) cuts.add(s.end);
    }
  };
  addCuts(skip);
  addCuts(bold);
  addCuts(underline);
  addCuts(color);
  addCuts(marked.map((r) => r.m.span));
  addCuts(mentions.map((r) => r.m.span));
  addCuts(notes.map((n) => n.span));
  addCuts(terms);
  if (target) addCuts([target]);
  const points = [...cuts].sort((a, b) => a - b);

  if (bold.length) el.classList.add("has-bold");

  let mi = 0; // next mention (mentions are sorted and do not overlap)
  let wrapper: HTMLElement | null = null;
  let wrapperEnd = -1;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    if (skip.some((s) => coversSeg(s, a, b))) continue;

    // enter / leave the mention wrapper
    if (wrapper && a >= wrapperEnd) wrapper = null;
    while (mi < mentions.length && mentions[mi].m.span.end <= a) mi++;
    if (!wrapper && mi < mentions.length && coversSeg(mentions[mi].m.span, a, b)) {
      const { i: idx, m } = mentions[mi];
      wrapper = document.createElement("span");
      wrapper.className = `m ${categoryClass(m.category)} ${m.sensitive ? "s" : "g"}${m.practice ? " pr" : ""}`;
      wrapper.dataset.m = String(idx);
      wrapperEnd = m.span.end;
      el.appendChild(wrapper);
    }

    const leaf = document.createElement("span");
    leaf.dataset.o = String(a);
    leaf.textContent = text.slice(a, b);
    let cls = "";
    if (bold.some((s) => coversSeg(s, a, b))) cls += " b";
    if (underline.some((s) => coversSeg(s, a, b))) cls += " u";
    if (color.some((s) => coversSeg(s, a, b))) cls += " c";
    for (const r of marked) {
      if (coversSeg(r.m.span, a, b)) {
        const c = MARK_CLASS[r.m.label];
        if (c && !cls.includes(c)) cls += " " + c;
        if (r.m.label === "purpose" && leaf.dataset.p === undefined) leaf.dataset.p = String(r.i);
      }
    }
    const note = notes.find((n) => coversSeg(n.span, a, b));
    if (note) {
      cls += " nt";
      leaf.dataset.n = String(note.id);
    }
    if (terms.some((s) => coversSeg(s, a, b))) cls += " hl";
    if (target && coversSeg(target, a, b)) cls += " tg";
    if (cls) leaf.className = cls.slice(1);
    (wrapper ?? el).appendChild(leaf);
  }
  return el;
}

/** Render every block into a fragment; the cells of one table are drawn as a <table>. */
export function renderPolicy(p: Prepared, overlay: Overlay): DocumentFragment {
  const frag = document.createDocumentFragment();
  const blocks = p.view.blocks;
  for (let i = 0; i < blocks.length; ) {
    const cell = blocks[i].cell;
    if (!cell) {
      frag.appendChild(renderBlock(p, i, overlay));
      i++;
      continue;
    }
    let j = i + 1;
    while (j < blocks.length && blocks[j].cell?.table === cell.table) j++;
    frag.appendChild(renderTable(p, i, j, overlay));
    i = j;
  }
  return frag;
}

/**
 * Blocks `from..to`, the cells of one table, as a <table> inside a scrolling box: a row per
 * `cell.row`, a cell per column (missing cells left empty), header cells as <th>. Each cell
 * holds its blocks as rendered by renderBlock, so highlights, notes and selection work in
 * tables as anywhere else.
 */
function renderTable(p: Prepared, from: number, to: number, overlay: Overlay): HTMLElement {
  const blocks = p.view.blocks;
  const rows = new Map<number, Map<number, number[]>>();
  let columns = 0;
  for (let i = from; i < to; i++) {
    const c = blocks[i].cell!;
    columns = Math.max(columns, c.col + 1);
    let row = rows.get(c.row);
    if (!row) rows.set(c.row, (row = new Map()));
    const cell = row.get(c.col) ?? [];
    cell.push(i);
    row.set(c.col, cell);
  }
  const wrap = document.createElement("div");
  wrap.className = "ptable-wrap";
  const table = document.createElement("table");
  table.className = "ptable";
  const body = document.createElement("tbody");
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const row = rows.get(r)!;
    const tr = document.createElement("tr");
    for (let c = 0; c < columns; c++) {
      const held = row.get(c) ?? [];
      const header = held.length > 0 && held.every((i) => blocks[i].cell!.header);
      const td = document.createElement(header ? "th" : "td");
      for (const i of held) td.appendChild(renderBlock(p, i, overlay));
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  wrap.appendChild(table);
  return wrap;
}
