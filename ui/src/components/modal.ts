// Modal dialogs (no native alert/confirm: they are unreliable in webviews). Esc closes the top
// one; so does a click on the backdrop.
import { h } from "../dom";

type Action = {
  label: string;
  primary?: boolean;
  danger?: boolean;
  /** Return false to keep the dialog open. */
  run?: () => boolean | void | Promise<boolean | void>;
};

export type ModalHandle = { el: HTMLElement; close: () => void };

const stack: { handle: ModalHandle; onClose?: () => void }[] = [];

export function openModal(opts: {
  title: string;
  body: Node;
  actions: Action[];
  onClose?: () => void;
  className?: string;
}): ModalHandle {
  const error = h("p", { class: "modal-error", role: "alert" });
  const buttons = opts.actions.map((a) => {
    const b = h("button", {
      type: "button",
      class: a.primary ? "primary" : a.danger ? "danger" : "",
      text: a.label,
    });
    b.addEventListener("click", async () => {
      error.textContent = "";
      b.disabled = true;
      try {
        const keep = (await a.run?.()) === false;
        if (!keep) handle.close();
      } catch (e) {
        error.textContent = String(e);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  });
  const titleId = `modal-title-${stack.length + 1}`;
  const dialog = h(
    "div",
    { class: `modal ${opts.className ?? ""}`, role: "dialog", "aria-modal": "true", "aria-labelledby": titleId },
    h("h2", { id: titleId, text: opts.title }),
    h("div", { class: "modal-body" }, opts.body),
    error,
    h("div", { class: "modal-actions" }, ...buttons),
  );
  const backdrop = h("div", { class: "backdrop" }, dialog);
  backdrop.addEventListener("mousedown", (e) => {
    if (e.target === backdrop) handle.close();
  });
  let closed = false;
  const handle: ModalHandle = {
    el: dialog,
    close: () => {
      if (closed) return;
      closed = true;
      backdrop.remove();
      const i = stack.findIndex((s) => s.handle === handle);
      if (i >= 0) stack.splice(i, 1);
      opts.onClose?.();
    },
  };
  stack.push({ handle, onClose: opts.onClose });
  document.body.appendChild(backdrop);
  const focus = dialog.querySelector<HTMLElement>("textarea, input, select") ?? buttons.find((b) => b.classList.contains("primary")) ?? buttons[0];
  focus?.focus();
  return handle;
}

/** Close the top-most dialog; false if none was open. */
export function closeTopModal(): boolean {
  const top = stack[stack.length - 1];
  if (!top) return false;
  top.handle.close();
  return true;
}

export function modalOpen(): boolean {
  return stack.length > 0;
}

export function confirmDialog(message: string, okLabel = "确定", danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    openModal({
      title: "请确认",
      body: h("p", { text: message }),
      actions: [
        { label: "取消", run: () => undefined },
        {
          label: okLabel,
          primary: !danger,
          danger,
          run: () => {
            answered = true;
            resolve(true);
          },
        },
      ],
      onClose: () => {
        if (!answered) resolve(false);
      },
    });
  });
}
