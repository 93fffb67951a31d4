// The shell: startup, opening a policy with its notes, keyboard shortcuts, views.
import { describe, expect, it } from "vitest";
import { App } from "../app";
import { FACETS, HITS, NOTES, POLICIES } from "../__fixtures__/data";
import { POLICY } from "../__fixtures__/policy-view";
import { click, ipc, settle } from "./helpers";

function backend() {
  return ipc(
    {
      list_policies: () => POLICIES,
      list_facets: () => FACETS,
      open_policy: () => POLICY,
      list_notes: () => NOTES,
      search: () => HITS,
    },
    { shouldMockEvents: true },
  );
}

async function start() {
  const root = document.createElement("div");
  document.body.append(root);
  const app = new App(root);
  await app.start(false);
  return app;
}

const key = (k: string, opts: KeyboardEventInit = {}) =>
  document.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...opts }));

describe("App", () => {
  it("imports the files it was started with and opens the first (Open with)", async () => {
    const calls = ipc(
      {
        list_policies: () => POLICIES,
        list_facets: () => FACETS,
        open_policy: () => POLICY,
        list_notes: () => NOTES,
        take_startup_files: () => ["/home/me/下载/某应用隐私政策.html"],
        import_paths: () => ({ imported: [], unchanged: ["/home/me/下载/某应用隐私政策.html"], unchanged_ids: [POLICY.id], refused: [] }),
      },
      { shouldMockEvents: true },
    );
    await start();
    await settle(10);
    expect(calls.find((c) => c.cmd === "import_paths")!.args).toEqual({ paths: ["/home/me/下载/某应用隐私政策.html"] });
    expect(calls.find((c) => c.cmd === "open_policy")!.args).toEqual({ id: POLICY.id });
  });

  it("loads the library and facets, then opens a policy with its notes", async () => {
    const calls = backend();
    const app = await start();
    expect(document.querySelectorAll(".policy-item")).toHaveLength(2);
    expect([...document.querySelectorAll<HTMLOptionElement>(".ask-app option")].map((o) => o.value)).toEqual(FACETS.apps);
    click(document.querySelectorAll(".policy-open")[1]);
    await settle();
    expect(calls.filter((c) => c.cmd === "open_policy")[0].args).toEqual({ id: POLICY.id });
    expect(calls.filter((c) => c.cmd === "list_notes")[0].args).toEqual({ filter: { policy_id: POLICY.id } });
    expect(app.reader.view?.id).toBe(POLICY.id);
    expect(document.querySelector(".policy-item.current")!.getAttribute("data-id")).toBe(POLICY.id);
    expect(document.querySelectorAll(".policy .nt")).toHaveLength(2);
  });

  it("focuses search on Ctrl+K and closes dialogs on Esc", async () => {
    backend();
    const app = await start();
    key("k", { ctrlKey: true });
    expect(document.activeElement).toBe(app.searchBox.input);
    click(document.querySelector('[data-view="notes"]'));
    await settle();
    click(document.querySelector(".notes-view .view-header button"));
    expect(document.querySelector(".modal")).not.toBeNull();
    key("Escape");
    expect(document.querySelector(".modal")).toBeNull();
  });

  it("steps through sensitive items with n / p and ] / [", async () => {
    backend();
    const app = await start();
    await app.openPolicy(POLICY.id);
    key("n");
    expect(document.querySelector(".m.cur")!.textContent).toBe("位置信息");
    key("]");
    expect(document.querySelector(".m.cur")!.textContent).toBe("⼈脸信息");
    key("p");
    expect(document.querySelector(".m.cur")!.textContent).toBe("位置信息");
    key("[");
    expect(document.querySelector(".m.cur")!.textContent).toBe("⼈脸信息");
  });

  it("opens a search result in the reader, scrolled to the clause with the match highlighted", async () => {
    backend();
    const app = await start();
    app.searchBox.input.value = "位置信息";
    await app.searchBox.run();
    click(document.querySelector(".search-hit"));
    await settle();
    expect(app.reader.view?.id).toBe(POLICY.id);
    expect([...document.querySelectorAll(".policy .hl")].map((e) => e.textContent)).toEqual(["位置信息"]);
    expect(document.querySelector(".policy .tg")).not.toBeNull();
  });

  it("switches views", async () => {
    backend();
    const app = await start();
    click(document.querySelector('[data-view="ask"]'));
    expect(app.askPanel.el.hidden).toBe(false);
    expect(app.reader.el.hidden).toBe(true);
    click(document.querySelector('[data-view="reader"]'));
    expect(app.reader.el.hidden).toBe(false);
  });
});
