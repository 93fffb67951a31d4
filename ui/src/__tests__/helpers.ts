// Test helpers: a recording mockIPC, a fake app shell (Ctx), and waiting for promises.
import { mockIPC } from "@tauri-apps/api/mocks";
import { vi } from "vitest";
import type { Ctx } from "../ctx";
import { FACETS, POLICIES } from "../__fixtures__/data";
import type { PolicyView } from "../types";

export type Call = { cmd: string; args: Record<string, unknown> };

/** mockIPC with a handler per command; returns the list of calls (command + args) as sent. */
export function ipc(
  handlers: Record<string, (args: Record<string, unknown>) => unknown>,
  options?: { shouldMockEvents?: boolean },
): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const h = handlers[cmd];
    if (!h) throw new Error(`unexpected command ${cmd}`);
    return h(args);
  }, options);
  return calls;
}

export function fakeCtx(current: PolicyView | null = null): Ctx & { openPolicy: ReturnType<typeof vi.fn> } {
  return {
    openPolicy: vi.fn(async () => undefined),
    showView: vi.fn(),
    policies: () => POLICIES,
    facets: () => FACETS,
    current: () => current,
    libraryChanged: vi.fn(async () => undefined),
    notesChanged: vi.fn(),
  };
}

/** Let pending promises and timers of `ms` run. */
export const settle = (ms = 0) => new Promise((r) => setTimeout(r, ms));

export function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

export function click(el: Element | null): void {
  if (!el) throw new Error("click: no element");
  (el as HTMLElement).click();
}

/** The element whose text is exactly `text` (first match) among `selector`. */
export function byText<T extends Element = HTMLElement>(root: ParentNode, selector: string, text: string): T {
  const el = [...root.querySelectorAll<T>(selector)].find((e) => e.textContent?.trim() === text);
  if (!el) throw new Error(`no ${selector} with text ${text}`);
  return el;
}

/** Wait until `probe` returns something truthy (polling), or fail after `ms`. */
export async function waitFor<T>(probe: () => T | null | undefined | false, ms = 2000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error("waitFor: timed out");
    await settle(5);
  }
}
