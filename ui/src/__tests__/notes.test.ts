// The notes view: grouping, orphaned notes apart (never dropped), filters, edit and delete.
import { describe, expect, it } from "vitest";
import { NotesPanel } from "../components/notes";
import { NOTES } from "../__fixtures__/data";
import type { Note } from "../types";
import { byText, click, fakeCtx, ipc, settle, typeInto } from "./helpers";

function mount() {
  const ctx = fakeCtx();
  const panel = new NotesPanel(ctx);
  document.body.append(panel.el);
  return { panel, ctx };
}

describe("NotesPanel", () => {
  it("lists notes by policy and orphaned notes in a group of their own with their quote", async () => {
    ipc({ list_notes: () => NOTES });
    const { panel } = mount();
    await panel.refresh();
    expect(panel.el.querySelector(".notes-count")!.textContent).toBe("共 3 条，1 条未能定位");
    const groups = panel.el.querySelectorAll(".note-group");
    expect(groups).toHaveLength(2);
    expect(groups[0].querySelectorAll(".note-card")).toHaveLength(2);
    expect(groups[0].querySelector(".badge.status.reanchored")!.textContent).toBe("已按引文重新定位");
    const orphan = groups[1];
    expect(orphan.classList.contains("orphaned")).toBe(true);
    expect(orphan.querySelector("h2")!.textContent).toBe("未能定位的笔记（1）");
    expect(orphan.querySelector(".note-quote")!.textContent).toBe(NOTES[2].quote);
    expect(orphan.querySelector<HTMLButtonElement>(".note-open")!.disabled).toBe(true);
    expect([...groups[0].querySelectorAll(".tag")].map((t) => t.textContent)).toEqual(["位置", "待核实"]);
    expect(groups[0].querySelector(".note-date")!.textContent).toMatch(/^2024年11月21日 \d\d:\d\d$/);
  });

  it("filters by app, policy, tag and text", async () => {
    const calls = ipc({ list_notes: () => NOTES });
    const { panel } = mount();
    await panel.refresh();
    const [app, policy, tag] = panel.el.querySelectorAll("select");
    app.value = "腾讯";
    app.dispatchEvent(new Event("change"));
    await settle();
    policy.value = NOTES[0].policy_id;
    tag.value = "位置";
    tag.dispatchEvent(new Event("change"));
    await settle();
    typeInto(panel.el.querySelector<HTMLInputElement>('input[type="search"]')!, "期限");
    await settle(200);
    expect(calls[calls.length - 1].args).toEqual({ filter: { app: "腾讯", policy_id: NOTES[0].policy_id, tag: "位置", text: "期限" } });
  });

  it("opens an anchored note in the reader", async () => {
    ipc({ list_notes: () => NOTES });
    const { panel, ctx } = mount();
    await panel.refresh();
    click(panel.el.querySelector(".note-open"));
    expect(ctx.openPolicy).toHaveBeenCalledWith(NOTES[0].policy_id, { clause: NOTES[0].span, item: NOTES[0].span });
  });

  it("edits a note's body and tags", async () => {
    const calls = ipc({
      list_notes: () => NOTES,
      update_note: (a) => ({ ...NOTES[0], body: a.body as string, tags: a.tags as string[] }) satisfies Note,
    });
    const { panel, ctx } = mount();
    await panel.refresh();
    click(panel.el.querySelector(".note-edit"));
    const dialog = document.querySelector(".note-dialog")!;
    expect(dialog.querySelector("textarea")!.value).toBe("没有写保存期限");
    expect(dialog.querySelector<HTMLInputElement>(".note-tags")!.value).toBe("位置 待核实");
    typeInto(dialog.querySelector("textarea")!, "改过的笔记");
    typeInto(dialog.querySelector<HTMLInputElement>(".note-tags")!, "位置, 已核实");
    click(byText(dialog, "button", "保存"));
    await settle();
    expect(calls.find((c) => c.cmd === "update_note")!.args).toEqual({ id: 1, body: "改过的笔记", tags: ["位置", "已核实"] });
    expect(ctx.notesChanged).toHaveBeenCalled();
  });

  it("deletes a note after confirmation", async () => {
    const calls = ipc({ list_notes: () => NOTES, delete_note: () => null });
    const { panel } = mount();
    await panel.refresh();
    click(panel.el.querySelectorAll(".note-delete")[2]);
    click(byText(document.querySelector(".modal")!, "button", "删除"));
    await settle();
    expect(calls.find((c) => c.cmd === "delete_note")!.args).toEqual({ id: 3 });
  });
});
