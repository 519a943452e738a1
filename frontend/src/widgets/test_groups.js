// The problem editor's tests: a sample and a secret group, each a list of
// input/answer pairs that can be added and removed. Problems whose tests are
// richer (subtasks, many or big files: a package's) are left alone, with a word
// on how to change them.
import { h, replace } from "../lib/dom.js";

export const SIMPLE_GROUPS = ["sample", "secret"];
// Tests bigger than this are edited by uploading the package again, not in a textarea.
const MAX_EDITABLE_BYTES = 256 * 1024;

/** Whether the stored groups fit this editor: only sample/secret, without points, small enough. */
export function editable(groups) {
  const size = groups.flatMap((g) => g.tests).reduce((sum, t) => sum + t.input.length + t.answer.length, 0);
  return groups.every((g) => SIMPLE_GROUPS.includes(g.name) && !g.points) && size <= MAX_EDITABLE_BYTES;
}

function testItem(groupName, test, renumber, onChange) {
  const item = h("li", { class: "test-pair" });
  const input = h("textarea", { rows: 3, spellcheck: "false", class: "code", "data-part": "input" });
  const answer = h("textarea", { rows: 3, spellcheck: "false", class: "code", "data-part": "answer" });
  input.value = test.input;
  answer.value = test.answer;
  input.addEventListener("input", onChange);
  answer.addEventListener("input", onChange);
  const inputLabel = h("label", {});
  const answerLabel = h("label", {});
  const remove = h("button", { type: "button", class: "small remove" }, "Remove");
  remove.addEventListener("click", () => {
    const list = item.parentElement;
    item.remove();
    renumber();
    onChange();
    (list.querySelector("li:last-child .remove") || list.parentElement.querySelector(".add-test")).focus();
  });
  item.setNumber = (n) => {
    const base = `${groupName}-test-${n}`;
    input.id = `${base}-input`;
    answer.id = `${base}-answer`;
    replace(inputLabel, `Input ${n}`);
    replace(answerLabel, `Answer ${n}`);
    inputLabel.htmlFor = input.id;
    answerLabel.htmlFor = answer.id;
    remove.setAttribute("aria-label", `Remove ${groupName} test ${n}`);
  };
  replace(item, h("div", { class: "test-part" }, inputLabel, input), h("div", { class: "test-part" }, answerLabel, answer), remove);
  return item;
}

function groupEditor(name, tests, onChange) {
  const list = h("ol", { class: "test-list" });
  const renumber = () => [...list.children].forEach((item, index) => item.setNumber(index + 1));
  const add = (test) => {
    list.append(testItem(name, test, renumber, onChange));
    renumber();
  };
  tests.forEach(add);
  const button = h("button", { type: "button", class: "small add-test" }, `Add a ${name} test`);
  button.addEventListener("click", () => {
    add({ input: "", answer: "" });
    onChange();
    list.lastElementChild.querySelector("textarea").focus();
  });
  const hint = name === "sample" ? "Shown in the statement and run by “Run on samples”." : "Hidden from contestants.";
  const fieldset = h("fieldset", { class: "test-group", dataset: { group: name } }, h("legend", {}, name === "sample" ? "Sample tests" : "Secret tests"), h("p", { class: "hint" }, hint), list, button);
  fieldset.value = () => [...list.children].map((item) => ({ input: item.querySelector("[data-part=input]").value, answer: item.querySelector("[data-part=answer]").value }));
  return fieldset;
}

/**
 * Fills `container` with the editors of `groups` ([{name, tests: [{input, answer}]}]);
 * returns {groups(): the groups to send (empty ones left out), changed(): whether edited}.
 */
export function testGroupsEditor(container, groups) {
  let changed = false;
  const onChange = () => (changed = true);
  const editors = SIMPLE_GROUPS.map((name) => groupEditor(name, groups.find((g) => g.name === name)?.tests || [], onChange));
  replace(container, editors);
  return {
    // A stored group keeps its aggregation; new ones take the server's default.
    groups: () =>
      editors
        .map((editor, index) => {
          const name = SIMPLE_GROUPS[index];
          const aggregation = groups.find((g) => g.name === name)?.aggregation;
          return { name, tests: editor.value(), ...(aggregation ? { aggregation } : {}) };
        })
        .filter((g) => g.tests.length),
    changed: () => changed,
  };
}
