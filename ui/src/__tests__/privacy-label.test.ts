// The 隐私标签 card over the labels `privacy_label` returned for the bundled policies (recorded by
// src-tauri/tests/generated.rs): every type, purpose and receiver shown, 未说明 where the policy
// is silent, a line opening its clause, and the dialog the reader opens with its exports.
import { describe, expect, it, vi } from "vitest";
import { labelCard, openPrivacyLabel } from "../components/privacy-label";
import labelsJson from "../__fixtures__/generated/labels.json";
import type { PolicyView, PrivacyLabel } from "../types";
import { click, ipc, waitFor } from "./helpers";

const LABELS = labelsJson as unknown as PrivacyLabel[];

describe("privacy label", () => {
  it("shows every collected type of every bundled policy, marking sensitive and optional ones", () => {
    expect(LABELS.length).toBeGreaterThanOrEqual(4);
    for (const label of LABELS) {
      const card = labelCard(label, () => undefined);
      const items = label.sections.flatMap((s) => s.categories.flatMap((c) => c.items));
      // Every item: the data collected and the permissions asked for.
      expect(items.length).toBe(label.collected + label.permissions);
      expect(card.querySelectorAll(".label-item").length).toBe(items.length);
      expect(card.querySelectorAll(".label-item.sensitive").length).toBe(items.filter((i) => i.sensitive).length);
      expect(card.querySelectorAll(".badge.optional").length).toBe(items.filter((i) => i.optional).length);
      for (const s of label.sections) expect(card.textContent).toContain(s.title);
      // Silence is said, in its own colour.
      const unstated = label.lines.filter((l) => !l.stated);
      expect(card.querySelectorAll(".label-lines dd.unstated").length).toBe(unstated.length);
      for (const l of unstated) expect(l.text).toBe("未说明");
    }
  });

  it("opens an item's clause", () => {
    const label = LABELS.find((l) => l.sections.length)!;
    const open = vi.fn();
    const card = labelCard(label, open);
    const first = label.sections[0].categories[0].items[0];
    click(card.querySelector(".label-type"));
    expect(open).toHaveBeenCalledWith(first.evidence);
  });

  it("the reader's dialog fetches the card, closes on a clause, and exports an SVG", async () => {
    const label = LABELS.find((l) => l.sections.length)!;
    const calls = ipc({
      privacy_label: () => label,
      "plugin:dialog|save": () => "/tmp/label.svg",
      export_privacy_label: (a) => ({ path: a.path, count: label.collected }),
    });
    const open = vi.fn();
    await openPrivacyLabel({ id: label.policy_id } as PolicyView, open);
    const dialog = await waitFor(() => document.querySelector(".label-modal"));
    expect(calls[0]).toEqual({ cmd: "privacy_label", args: { id: label.policy_id } });
    const svg = [...dialog.querySelectorAll("button")].find((b) => b.textContent!.startsWith("导出图片"))!;
    click(svg);
    await waitFor(() => calls.find((c) => c.cmd === "export_privacy_label"));
    expect(calls.find((c) => c.cmd === "export_privacy_label")!.args).toMatchObject({ id: label.policy_id, format: "svg", path: "/tmp/label.svg" });
    click(dialog.querySelector(".label-type"));
    expect(open).toHaveBeenCalledOnce();
    expect(document.querySelector(".label-modal")).toBeNull();
  });
});
