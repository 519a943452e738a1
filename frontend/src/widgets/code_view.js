// Source code shown read-only with highlighting: one file as it is, several as
// tabs (the WAI-ARIA tabs pattern: arrow keys move between them).
import { h, replace } from "../lib/dom.js";
import { createEditor } from "./editor.js";

function tabs(parent, files, language) {
  const list = h("div", { role: "tablist", class: "file-tabs", "aria-label": "Files" });
  const panel = h("div", { role: "tabpanel", class: "editor", id: "source-panel", tabindex: "-1" });
  const buttons = files.map((file, index) =>
    h("button", { type: "button", role: "tab", id: `file-tab-${index}`, "aria-controls": "source-panel", "aria-selected": "false", tabindex: "-1" }, file.name),
  );
  let editor = null;
  const select = (index, focus = false) => {
    buttons.forEach((button, i) => {
      button.setAttribute("aria-selected", String(i === index));
      button.tabIndex = i === index ? 0 : -1;
    });
    panel.setAttribute("aria-labelledby", buttons[index].id);
    editor?.view.destroy();
    replace(panel);
    editor = createEditor(panel, { doc: files[index].content, language, readOnly: true, label: files[index].name });
    if (focus) buttons[index].focus();
  };
  buttons.forEach((button, index) => {
    button.addEventListener("click", () => select(index));
    button.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) select((index + step + files.length) % files.length, true);
      if (event.key === "Home") select(0, true);
      if (event.key === "End") select(files.length - 1, true);
    });
  });
  replace(parent, h("div", { class: "code-view" }, list, panel));
  list.append(...buttons);
  select(0);
}

/** Shows `files` ([{name, content}]) or a single `source` in `parent`, read-only. */
export function showCode(parent, { files, source, language }) {
  if (files?.length > 1) return tabs(parent, files, language);
  const box = h("div", { class: "editor code-view" });
  replace(parent, files?.length ? h("p", { class: "muted file-name" }, files[0].name) : null, box);
  createEditor(box, { doc: files?.[0]?.content ?? source ?? "", language, readOnly: true, label: "Submitted source" });
}
