// vitest setup: jsdom lacks a few layout APIs; every test starts with a clean page and no mocks.
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";
import { closeTopModal } from "./components/modal";

if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = function () {};
if (!window.requestAnimationFrame) {
  window.requestAnimationFrame = (cb) => setTimeout(() => cb(performance.now()), 0) as unknown as number;
  window.cancelAnimationFrame = (id) => clearTimeout(id);
}

afterEach(() => {
  clearMocks();
  while (closeTopModal()) {
    /* close every dialog */
  }
  document.getSelection()?.removeAllRanges();
  document.body.replaceChildren();
});
