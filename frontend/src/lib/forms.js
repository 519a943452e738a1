// Forms of the UI: the server's field errors shown beside their inputs and in a
// summary that takes the focus, the submit button busy while a request runs.
import { ApiError } from "./api.js";
import { $, h, replace } from "./dom.js";

export function clearErrors(form) {
  for (const element of form.querySelectorAll(".field-error")) element.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const summary = $(".error-summary", form);
  if (summary) summary.hidden = true;
}

export function showError(form, error) {
  let summary = $(".error-summary", form);
  if (!summary) {
    summary = h("div", { class: "error-summary", tabindex: "-1", role: "alert" });
    form.prepend(summary);
  }
  const lines = error instanceof ApiError ? error.details() : [];
  replace(summary, h("p", {}, error.message), lines.length ? h("ul", {}, lines.map((line) => h("li", {}, line))) : null);
  summary.hidden = false;
  if (error instanceof ApiError) {
    for (const [field, problems] of Object.entries(error.errors || {})) {
      const input = form.elements.namedItem(field);
      if (!(input instanceof HTMLElement)) continue;
      const id = `${input.id || field}-error`;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
      input.after(h("p", { class: "field-error", id }, [problems].flat(Infinity).join(", ")));
    }
  }
  summary.focus();
}

/** Wires a form: handler(values, form) runs on submit with the busy state and errors handled. */
export function onSubmit(form, handler) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      await handler(Object.fromEntries(new FormData(form)), form);
    } catch (error) {
      showError(form, error);
    } finally {
      if (button) button.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
}
