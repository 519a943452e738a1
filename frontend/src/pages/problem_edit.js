// Creating or editing a problem: its fields, the statement in Markdown with a
// live preview, and simple tests (a sample and a secret group). POST creates,
// PATCH saves only what the form holds (tests only when they were edited).
import { api, get } from "../lib/api.js";
import { $, announce, h, replace } from "../lib/dom.js";
import { onSubmit } from "../lib/forms.js";
import { isStaff, startPage } from "../lib/page.js";
import { showMarkdown } from "../widgets/markdown.js";
import { editable, testGroupsEditor } from "../widgets/test_groups.js";

const PREVIEW_DELAY_MS = 150;
const KB_PER_MB = 1024;
// The built-in checkers (queues/names.py BUILTIN_CHECKERS); "custom" needs a
// validator program, which comes with a package upload.
const CHECKERS = { tokens: "Tokens (whitespace-insensitive)", exact: "Exact bytes", floats: "Floating-point numbers", case_insensitive: "Tokens, ignoring case" };

function fillForm(form, problem) {
  const set = (name, value) => {
    const input = form.elements.namedItem(name);
    if (input.type === "checkbox") input.checked = Boolean(value);
    else input.value = value ?? "";
  };
  for (const name of ["slug", "title", "statement", "time_limit_ms", "scoring", "difficulty", "is_public"]) set(name, problem[name]);
  set("memory_limit_kb", problem.memory_limit_kb / KB_PER_MB);
  set("tags", (problem.tags || []).join(", "));
  const checker = form.elements.namedItem("checker");
  if (!CHECKERS[problem.checker.name]) checker.append(h("option", { value: problem.checker.name }, `${problem.checker.name} (from the package)`));
  checker.value = problem.checker.name;
}

function body(values, form, stored) {
  const number = (text) => (text === "" || text === undefined ? null : Number(text));
  const data = {
    slug: values.slug.trim(),
    title: values.title.trim(),
    statement: values.statement,
    time_limit_ms: number(values.time_limit_ms),
    memory_limit_kb: Math.round(number(values.memory_limit_kb) * KB_PER_MB),
    scoring: values.scoring,
    is_public: form.elements.namedItem("is_public").checked,
    difficulty: number(values.difficulty),
    tags: values.tags
      .split(",")
      .map((tag) => tag.trim().toLowerCase())
      .filter(Boolean),
  };
  // The checker only when it changed: a stored one keeps its args (and a custom one its program).
  if (!stored || values.checker !== stored.checker.name) data.checker = { name: values.checker, args: {} };
  return data;
}

function wirePreview(form, preview) {
  const statement = form.elements.namedItem("statement");
  let timer = null;
  const render = () => showMarkdown(preview, statement.value || "*Nothing to preview yet.*");
  statement.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(render, PREVIEW_DELAY_MS);
  });
  render();
}

/** The page's heading and links for an existing problem. */
function editing(main, problem) {
  replace($("#edit-title", main), `Edit: ${problem.title}`);
  replace($(".breadcrumb [aria-current]", main), "Edit problem");
  document.title = `Edit ${problem.title} · Coding-Panda`;
  const view = $("#view-problem", main);
  view.hidden = false;
  view.href = `/problems/${problem.id}`;
  const references = $("#reference-link", main);
  references.hidden = false;
  references.href = `/setter?references=${problem.id}`;
}

async function loadTests(problemId) {
  const tests = await get(`/problems/${problemId}/tests`);
  return tests.groups.map((group) => ({ name: group.name, points: group.points, aggregation: group.aggregation, tests: group.tests.map((t) => ({ input: t.input, answer: t.answer })) }));
}

startPage(
  async ({ main, params, user }) => {
    const form = $("#problem-form", main);
    if (!isStaff(user)) {
      replace(form.parentElement, h("p", { class: "card narrow", id: "setter-only" }, "Only setters and admins edit problems. ", h("a", { href: "/problems" }, "Back to the problems")));
      return;
    }
    const checker = form.elements.namedItem("checker");
    replace(checker, Object.entries(CHECKERS).map(([name, label]) => h("option", { value: name }, label)));
    let problemId = params.problemId ? Number(params.problemId) : null;
    let stored = null;
    let groups = [];
    if (problemId) {
      [stored, groups] = await Promise.all([get(`/problems/${problemId}`), loadTests(problemId)]);
      fillForm(form, stored);
      editing(main, stored);
    }
    const testsBox = $("#tests", main);
    let tests = null;
    if (editable(groups)) tests = testGroupsEditor(testsBox, groups);
    else {
      const count = groups.reduce((sum, g) => sum + g.tests.length, 0);
      replace(testsBox, h("p", { class: "hint", id: "tests-from-package" }, `This problem's ${count} tests in ${groups.length} groups (${groups.map((g) => g.name).join(", ")}) come from its package: change them by uploading the package again with “Replace” on the `, h("a", { href: "/setter" }, "setter page"), "."));
    }
    wirePreview(form, $("#statement-preview", main));
    form.removeAttribute("aria-busy");
    const status = $("#save-status", main);
    onSubmit(form, async (values) => {
      const data = body(values, form, stored);
      if (tests && (!problemId || tests.changed())) data.groups = tests.groups();
      const saved = await api(problemId ? "PATCH" : "POST", problemId ? `/problems/${problemId}` : "/problems", { json: data });
      const created = !problemId;
      problemId = saved.id;
      stored = saved;
      form.dataset.state = "saved";
      form.dataset.problemId = saved.id;
      replace(status, created ? "Created " : "Saved ", h("a", { href: `/problems/${saved.id}`, id: "saved-problem" }, saved.title), ".");
      announce(`${created ? "Created" : "Saved"} ${saved.title}.`);
      editing(main, saved);
      if (created) {
        // From now on this page edits the new problem.
        history.replaceState(null, "", `/setter/problems/${saved.id}/edit`);
        tests = testGroupsEditor(testsBox, await loadTests(saved.id));
      }
    });
  },
  { login: true },
);
