// The problem page: statement with math, samples with copy buttons, limits and
// attachments; the editor with its language picker and drafts; Submit with a live
// verdict panel; Run on the samples or on custom input; a pair room to code together.
import { get, post } from "../lib/api.js";
import { allLanguages } from "../lib/languages.js";
import { $, announce, h, replace } from "../lib/dom.js";
import { memory } from "../lib/format.js";
import { startPage } from "../lib/page.js";
import { createEditor, lastLanguage, loadDraft, rememberLanguage, saveDraft } from "../widgets/editor.js";
import { showMarkdown } from "../widgets/markdown.js";
import { startRun } from "../widgets/run_panel.js";
import { followSubmission } from "../widgets/verdict_panel.js";

function copyButton(text, what) {
  return h(
    "button",
    {
      type: "button",
      class: "copy small",
      "aria-label": `Copy ${what}`,
      onclick: async (event) => {
        await navigator.clipboard.writeText(text).catch(() => {});
        event.currentTarget.textContent = "Copied";
        setTimeout(() => (event.target.textContent = "Copy"), 1500);
      },
    },
    "Copy",
  );
}

function samples(problem) {
  if (!problem.samples?.length) return null;
  return h(
    "section",
    { class: "samples", "aria-labelledby": "samples-title" },
    h("h2", { id: "samples-title" }, "Samples"),
    problem.samples.map((sample, index) =>
      h(
        "div",
        { class: "sample" },
        h("div", { class: "sample-part" }, h("h3", {}, `Input ${index + 1}`, copyButton(sample.input, `input ${index + 1}`)), h("pre", {}, sample.input)),
        h("div", { class: "sample-part" }, h("h3", {}, `Output ${index + 1}`, copyButton(sample.answer ?? sample.output ?? "", `output ${index + 1}`)), h("pre", {}, sample.answer ?? sample.output ?? "")),
      ),
    ),
  );
}

function limits(problem) {
  return h(
    "dl",
    { class: "limits" },
    h("div", {}, h("dt", {}, "Time limit"), h("dd", {}, `${problem.time_limit_ms / 1000} s`)),
    h("div", {}, h("dt", {}, "Memory limit"), h("dd", {}, memory(problem.memory_limit_kb))),
    h("div", {}, h("dt", {}, "Scoring"), h("dd", {}, problem.scoring.toUpperCase())),
    problem.difficulty ? h("div", {}, h("dt", {}, "Difficulty"), h("dd", {}, problem.difficulty)) : null,
  );
}

function attachments(problem) {
  if (!problem.attachments?.length) return null;
  return h(
    "section",
    { "aria-labelledby": "attachments-title" },
    h("h2", { id: "attachments-title" }, "Attachments"),
    h("ul", {}, problem.attachments.map((name) => h("li", {}, h("a", { href: `/api/problems/${problem.id}/attachments/${encodeURIComponent(name)}`, download: name }, name)))),
  );
}

async function languageOptions(select) {
  const languages = await allLanguages();
  replace(select, languages.map((lang) => h("option", { value: lang.id }, lang.available ? lang.name : `${lang.name} (no judge online)`)));
  const preferred = lastLanguage();
  if (preferred && languages.some((lang) => lang.id === preferred)) select.value = preferred;
  return languages;
}

startPage(async ({ main, params, user }) => {
  const problemId = Number(params.problemId);
  const problem = await get(`/problems/${problemId}`);
  document.title = `${problem.title} · Coding-Panda`;
  replace($("#problem-title", main), problem.title);
  replace($("#problem-meta", main), limits(problem), h("div", { class: "tags" }, (problem.tags || []).map((tag) => h("a", { class: "tag", href: `/problems?tag=${encodeURIComponent(tag)}` }, tag))));
  const statement = $("#statement", main);
  statement.removeAttribute("aria-busy");
  showMarkdown(statement, problem.statement);
  // Packages often open the statement with the title: the page's heading already says it.
  const opening = statement.firstElementChild;
  if (opening?.tagName === "H1" && opening.textContent.trim() === problem.title.trim()) opening.hidden = true;
  statement.after(samples(problem) || "", attachments(problem) || "");

  const select = $("#language", main);
  await languageOptions(select);
  let language = select.value;
  const editor = createEditor($("#editor", main), {
    language,
    doc: loadDraft(problemId, language) || "",
    label: "Your solution",
    onChange: (text) => saveDraft(problemId, language, text),
  });
  select.addEventListener("change", () => {
    saveDraft(problemId, language, editor.text());
    language = select.value;
    rememberLanguage(language);
    editor.setLanguage(language);
    editor.setText(loadDraft(problemId, language) || "");
  });

  const verdictPanel = $("#verdict-panel", main);
  const runPanel = $("#run-panel", main);
  const customInput = $("#custom-input", main);
  const needLogin = () => {
    if (user) return false;
    announce("Log in to submit or run code.", "error");
    location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
    return true;
  };
  const source = () => {
    const text = editor.text();
    if (!text.trim()) announce("The editor is empty.", "error");
    return text.trim() ? text : null;
  };
  $("#submit", main).addEventListener("click", async () => {
    if (needLogin() || !source()) return;
    const button = $("#submit", main);
    button.disabled = true;
    try {
      const created = await post("/submissions", { problem_id: problemId, language, source: editor.text() });
      followSubmission(verdictPanel, created.id);
      verdictPanel.focus();
    } catch (error) {
      announce(error.message, "error");
    } finally {
      button.disabled = false;
    }
  });
  for (const button of main.querySelectorAll("[data-run]")) {
    button.addEventListener("click", () => {
      if (needLogin() || !source()) return;
      const body = { problem_id: problemId, language, source: editor.text() };
      if (button.dataset.run === "custom") body.input = customInput.value;
      startRun(runPanel, body);
    });
  }
  $("#pair", main)?.addEventListener("click", async () => {
    if (needLogin()) return;
    try {
      const room = await post("/pair/rooms", { problem_id: problemId, language });
      location.assign(`/pair/${room.id}`);
    } catch (error) {
      announce(error.message, "error");
    }
  });
  $("#my-submissions", main).setAttribute("href", `/submissions?problem_id=${problemId}`);
});
