// Short status messages at the bottom of the window (errors stay until dismissed).
import { h } from "../dom";

let host: HTMLElement | null = null;

function container(): HTMLElement {
  if (!host || !host.isConnected) {
    host = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(host);
  }
  return host;
}

export function toast(message: string, kind: "info" | "error" = "info", ms = 3500): HTMLElement {
  const close = h("button", { type: "button", class: "toast-close", "aria-label": "关闭", text: "×" });
  const el = h("div", { class: `toast ${kind}` }, h("span", { text: message }), close);
  close.addEventListener("click", () => el.remove());
  container().appendChild(el);
  if (kind === "info") setTimeout(() => el.remove(), ms);
  return el;
}

export function toastError(e: unknown): HTMLElement {
  return toast(String(e), "error");
}
