// The reader: legend toggles, tooltip, next/previous sensitive item, the side panel, scrolling to
// a clause, and notes on a selection — whose UTF-16 offsets must be exact.
import { describe, expect, it } from "vitest";
import { Reader } from "../components/reader";
import { NOTES } from "../__fixtures__/data";
import { POLICY, TEXT, at } from "../__fixtures__/policy-view";
import type { Note, Span } from "../types";
import { byText, click, fakeCtx, ipc, settle, typeInto } from "./helpers";

function mount(notes: Note[] = []) {
  const ctx = fakeCtx(POLICY);
  const reader = new Reader(ctx);
  document.body.append(reader.el);
  reader.show(POLICY, notes);
  return { reader, ctx, article: reader.article };
}

/** The text node of the leaf that holds offset `o` of TEXT, and the offset inside it. */
function point(article: HTMLElement, o: number): [Text, number] {
  for (const l of article.querySelectorAll<HTMLElement>("[data-o]")) {
    const s = Number(l.dataset.o);
    const t = l.firstChild as Text;
    if (s <= o && o <= s + t.length) return [t, o - s];
  }
  throw new Error(`no leaf at ${o}`);
}

function select(article: HTMLElement, start: [Node, number], end: [Node, number]) {
  const r = document.createRange();
  r.setStart(start[0], start[1]);
  r.setEnd(end[0], end[1]);
  const sel = document.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(r);
  article.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
}

/** Select, press 添加笔记, fill the dialog and save; returns the add_note args. */
async function addNoteOn(article: HTMLElement, start: [Node, number], end: [Node, number]) {
  const calls = ipc({
    add_note: (a) => ({ ...NOTES[0], id: 9, span: a.span as Span, body: a.body as string, tags: a.tags as string[], quote: "" }),
  });
  select(article, start, end);
  await settle();
  const button = document.querySelector<HTMLButtonElement>(".float-note")!;
  expect(button.hidden).toBe(false);
  click(button);
  const dialog = document.querySelector(".note-dialog")!;
  const quote = dialog.querySelector(".note-quote")!.textContent;
  typeInto(dialog.querySelector("textarea")!, "要核实");
  typeInto(dialog.querySelector<HTMLInputElement>(".note-tags")!, "位置，敏感 待办");
  click(byText(dialog, "button", "保存"));
  await settle();
  const call = calls.find((c) => c.cmd === "add_note")!;
  return { args: call.args, quote };
}

describe("Reader", () => {
  it("shows the title, dates in Chinese and a legend of the categories present", () => {
    const { reader } = mount();
    expect(reader.el.querySelector(".doc-title h1")!.textContent).toBe("腾讯隐私政策");
    expect(reader.el.querySelector(".doc-meta")!.textContent).toContain("更新于 2023年6月18日");
    const chips = [...reader.el.querySelectorAll<HTMLElement>(".legend .chip")].map((c) => c.textContent);
    expect(chips).toEqual(["生物识别 1", "位置 1", "基本资料", "其他", "目的", "收集"]);
  });

  it("toggles a category's colour from the legend", () => {
    const { reader, article } = mount();
    const chip = reader.el.querySelector<HTMLElement>('.chip[data-key="cat-4"]')!;
    click(chip);
    expect(article.classList.contains("off-cat-4")).toBe(true);
    expect(chip.getAttribute("aria-pressed")).toBe("false");
    expect(chip.classList.contains("off")).toBe(true);
    click(chip);
    expect(article.classList.contains("off-cat-4")).toBe(false);
    expect(chip.getAttribute("aria-pressed")).toBe("true");
  });

  it("shows a tooltip with canonical type, category and why it is sensitive", () => {
    const { article } = mount();
    const face = article.querySelector('.m[data-m="2"] [data-o]')!;
    face.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    const tip = document.querySelector<HTMLElement>(".tooltip")!;
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toContain("人脸信息");
    expect(tip.textContent).toContain("个人生物识别信息");
    expect(tip.textContent).toContain("PIPL 第28条：生物识别");
    expect(tip.textContent).toContain("原文⼈脸信息");
    expect(tip.textContent).toContain("实名认证"); // the purpose of its practice
  });

  it("steps through sensitive items, skipping categories switched off", () => {
    const { reader, article } = mount();
    reader.step(1);
    expect(article.querySelector(".m.cur")!.textContent).toBe("位置信息");
    expect(reader.el.querySelector(".nav-count")!.textContent).toBe("敏感项 1 / 2");
    reader.step(1);
    expect(article.querySelector(".m.cur")!.textContent).toBe("⼈脸信息");
    reader.step(1); // wraps around
    expect(article.querySelector(".m.cur")!.textContent).toBe("位置信息");
    reader.toggle("cat-0");
    reader.step(1);
    expect(article.querySelector(".m.cur")!.textContent).toBe("位置信息");
    expect(reader.el.querySelector(".nav-count")!.textContent).toBe("敏感项 1 / 1");
    reader.step(-1);
    expect(article.querySelector(".m.cur")!.textContent).toBe("位置信息");
  });

  it("summarises what the policy collects by category, with purposes; an item scrolls to its clause", () => {
    const { reader, article } = mount();
    const groups = [...reader.el.querySelectorAll(".summary-group h3")].map((e) => e.textContent);
    expect(groups).toEqual(["个人生物识别信息", "个人位置信息"]);
    expect(reader.el.querySelector(".summary-head")!.textContent).toContain("写明收集 2 种个人信息，其中敏感个人信息 2 种；另有 1 种只是提及");
    expect(reader.el.querySelector(".summary-group .purposes")!.textContent).toBe("用途：实名认证");
    click(byText(reader.el, ".summary-items button", "人脸信息"));
    expect([...article.querySelectorAll(".hl")].map((e) => e.textContent).join("")).toBe("⼈脸信息");
  });

  it("keeps data the policy only mentions apart from what it collects", () => {
    const { reader, article } = mount();
    const only = reader.el.querySelector(".summary-mentioned")!;
    expect(only.querySelector("summary")!.textContent).toBe("只是提及、未写明收集（1 种）");
    click(byText(only as HTMLElement, ".summary-items button", "手机号码"));
    expect([...article.querySelectorAll(".hl")].map((e) => e.textContent).join("")).toBe("手机号码");
  });

  it("lists the headings in the outline", () => {
    const { reader } = mount();
    click(byText(reader.el, ".side-tabs button", "目录"));
    expect([...reader.el.querySelectorAll(".outline button")].map((b) => b.textContent)).toEqual(["引言", "1. 安全可靠"]);
  });

  it("goes to a clause and highlights the matched words, also across a soft break", () => {
    const { reader, article } = mount();
    const clause = { start: at("我们深知").start, end: at("实名认证。").end };
    reader.goTo({ clause, terms: ["重要性", "实名认证"] });
    const hl = [...article.querySelectorAll(".hl")].map((e) => e.textContent);
    expect(hl.join("|")).toBe("重要|性|实名认证");
    expect(article.querySelector(".tg")).not.toBeNull();
    expect(article.querySelector('[data-b="4"]')!.classList.contains("flash")).toBe(true);
  });

  it("marks anchored notes in the text and lists orphaned ones apart", () => {
    const { reader, article } = mount(NOTES);
    expect([...article.querySelectorAll(".nt")].map((e) => e.textContent)).toEqual(["位置信息", "⼈脸信息"]);
    // a note on a data item: the item's tooltip shows the note too
    article.querySelector('[data-n="1"]')!.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    expect(document.querySelector(".tooltip")!.textContent).toContain("笔记没有写保存期限");
    click(byText(reader.el, ".side-tabs button", "笔记 3"));
    expect(reader.el.querySelector(".orphan-title")!.textContent).toContain("未能定位 1 条");
    expect(reader.el.querySelector(".status-orphaned .note-quote")!.textContent).toBe(NOTES[2].quote);
  });

  it("adds a note with UTF-16 offsets for a selection containing a non-BMP character", async () => {
    const { article } = mount();
    const start = at("生僻字").start;
    const end = at("手机号码").end;
    const { args, quote } = await addNoteOn(article, point(article, start), point(article, end));
    expect(args).toEqual({ policy_id: POLICY.id, span: { start, end }, body: "要核实", tags: ["位置", "敏感", "待办"] });
    expect(TEXT.slice(start, end)).toBe("生僻字𠀀之后的手机号码");
    expect(end - start).toBe(12); // 11 chars
    expect(quote).toBe("生僻字𠀀之后的手机号码");
  });

  it("adds a note with the right offsets for a selection right after a soft break", async () => {
    const { article } = mount();
    const start = at("性，将收集").start;
    const end = at("⼈脸信息").end;
    const { args, quote } = await addNoteOn(article, point(article, start), point(article, end));
    expect(args.span).toEqual({ start, end });
    expect(TEXT.slice(start - 1, start)).toBe("\n");
    expect(quote).toBe("性，将收集您的⼈脸信息");
  });

  it("maps a selection across a soft break and from element boundaries", async () => {
    const { article } = mount();
    // from the start of the paragraph element to the middle of a leaf after the soft break
    const p = article.querySelector('[data-b="4"]')!;
    const end = at("性，将").end;
    const { args, quote } = await addNoteOn(article, [p, 0], point(article, end));
    expect(args.span).toEqual({ start: at("快手平台服务由").start, end });
    expect(quote!.endsWith("对您的重要性，将")).toBe(true);
  });

  it("trims hidden markup from the edges of a selection", async () => {
    const { article } = mount();
    // from just before the first `**` to just after the second one around 位置信息
    const { args, quote } = await addNoteOn(article, point(article, at("**", 2).start), point(article, at("**", 3).end));
    expect(args.span).toEqual(at("位置信息"));
    expect(quote).toBe("位置信息");
  });

  it("adds a note to a whole clause from the gutter button", async () => {
    const { article } = mount();
    const calls = ipc({ add_note: (a) => ({ ...NOTES[0], id: 10, span: a.span as Span }) });
    article.querySelector('[data-b="3"] [data-o]')!.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
    click(article.querySelector(".gutter-note"));
    const dialog = document.querySelector(".note-dialog")!;
    expect(dialog.querySelector(".note-quote")!.textContent).toBe("我们会收集您的位置信息，用于向您推荐附近的服务。");
    expect(dialog.querySelector(".note-section")!.textContent).toBe("位置：引言 › 1. 安全可靠");
    click(byText(dialog, "button", "保存"));
    await settle();
    expect(calls[0].args.span).toEqual(POLICY.blocks[3].span);
  });
});
