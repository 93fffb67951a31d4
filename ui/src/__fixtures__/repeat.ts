// A long policy for speed checks: a view repeated `times` times, every span shifted.
import type { PolicyView, Span } from "../types";

export function repeatView(v: PolicyView, times: number, id: string): PolicyView {
  const n = v.text.length;
  const shift = <T extends { span: Span }>(xs: T[], k: number): T[] => xs.map((x) => ({ ...x, span: { start: x.span.start + k * n, end: x.span.end + k * n } }));
  const shiftS = (xs: Span[], k: number): Span[] => xs.map((x) => ({ start: x.start + k * n, end: x.end + k * n }));
  const out: PolicyView = { ...v, id, title: `${v.title ?? ""}（×${times}，性能样例）`, text: v.text.repeat(times), blocks: [], hidden: [], soft_breaks: [], bold: [], underline: [], color: [], mentions: [], marked: [] };
  for (let k = 0; k < times; k++) {
    out.blocks.push(...shift(v.blocks, k));
    out.hidden.push(...shiftS(v.hidden, k));
    out.soft_breaks.push(...shiftS(v.soft_breaks, k));
    out.bold.push(...shiftS(v.bold, k));
    out.underline.push(...shiftS(v.underline, k));
    out.color.push(...shiftS(v.color, k));
    out.mentions.push(...shift(v.mentions, k));
    out.marked.push(...shift(v.marked, k));
  }
  return out;
}
