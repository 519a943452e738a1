// The setter's desk: their problems (admins: all), each with its edit page and
// its reference results, "New problem", and a package upload with a progress bar.
import { get, query } from "../lib/api.js";
import { $, announce, h, replace } from "../lib/dom.js";
import { showError } from "../lib/forms.js";
import { isStaff, startPage } from "../lib/page.js";
import { showReferences } from "../widgets/reference_table.js";
import { uploadPackage } from "../widgets/upload.js";

const LIST_PAGE = 100; // the API's largest page

/** The problems the user may edit: a setter's own (author_id= narrows the listing to them), an admin's all. */
async function editableProblems(user) {
  const author = user.role === "admin" ? {} : { author_id: user.id };
  const problems = [];
  for (let offset = 0; ; offset += LIST_PAGE) {
    const page = await get(`/problems${query({ ...author, limit: LIST_PAGE, offset })}`);
    problems.push(...page.items);
    if (offset + LIST_PAGE >= page.total) break;
  }
  return problems;
}

function problemRow(problem, openReferences) {
  return h(
    "tr",
    { dataset: { problemId: problem.id } },
    h("td", { class: "num" }, problem.id),
    h("th", { scope: "row" }, h("a", { href: `/problems/${problem.id}`, class: "title" }, problem.title), h("div", { class: "muted slug" }, problem.slug)),
    h("td", { class: "col-visibility" }, problem.is_public ? h("span", { class: "badge good" }, "public") : h("span", { class: "badge neutral" }, "hidden")),
    h("td", { class: "num col-count" }, problem.submission_count ?? 0),
    h(
      "td",
      { class: "row-actions" },
      h("a", { href: `/setter/problems/${problem.id}/edit`, class: "button small", "aria-label": `Edit ${problem.title}` }, "Edit"),
      h("button", { type: "button", class: "small", "aria-label": `References of ${problem.title}`, onclick: () => openReferences(problem) }, "References"),
    ),
  );
}

function problemTable(problems, openReferences) {
  if (!problems.length) return h("p", { class: "empty" }, "No problems yet: create one or upload a package.");
  return h(
    "table",
    { class: "listing setter-problems", id: "setter-problems" },
    h("caption", {}, `${problems.length} problem${problems.length === 1 ? "" : "s"}`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "num" }, "#"), h("th", { scope: "col" }, "Problem"), h("th", { scope: "col", class: "col-visibility" }, "Visibility"), h("th", { scope: "col", class: "num col-count" }, "Submissions"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Actions")))),
    h("tbody", {}, problems.map((problem) => problemRow(problem, openReferences))),
  );
}

function progressText({ stage, done, total }) {
  const share = total ? ` ${Math.floor((done / total) * 100)}%` : "";
  const name = { uploading: "Uploading", queued: "Waiting for the import worker", running: "Importing", fetching: "Fetching", reading: "Reading the package", storing: "Storing tests", "storing tests": "Storing tests" }[stage] || stage;
  return `${name}${share}`;
}

function wireUpload(main, onImported) {
  const form = $("#upload-form", main);
  const bar = $("#upload-progress", main);
  const status = $("#upload-status", main);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = form.elements.namedItem("package").files[0];
    if (!file) return showError(form, new Error("Choose a .zip package first."));
    const button = $("[type=submit]", form);
    button.disabled = true;
    bar.hidden = false;
    bar.removeAttribute("value"); // indeterminate until the first progress event
    form.dataset.state = "uploading";
    $(".error-summary", form)?.setAttribute("hidden", "");
    try {
      const problem = await uploadPackage(file, {
        replace: form.elements.namedItem("replace").checked,
        onProgress: (progress) => {
          if (progress.total) {
            bar.max = progress.total;
            bar.value = progress.done;
          } else bar.removeAttribute("value");
          replace(status, progressText(progress));
        },
      });
      form.dataset.state = "done";
      form.dataset.problemId = problem.id;
      bar.max = 1;
      bar.value = 1;
      replace(status, "Imported ", h("a", { href: `/problems/${problem.id}`, id: "imported-problem" }, problem.title), ". ", h("a", { href: `/setter/problems/${problem.id}/edit` }, "Edit it"), ".");
      announce(`Imported ${problem.title}.`);
      form.reset();
      onImported(problem);
    } catch (error) {
      form.dataset.state = "error";
      bar.hidden = true;
      replace(status);
      showError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}

startPage(
  async ({ main, user }) => {
    const desk = $("#setter-desk", main);
    desk.hidden = false;
    if (!isStaff(user)) {
      replace(desk, h("div", { class: "card narrow", id: "setter-only" }, h("h2", {}, "For problem setters"), h("p", {}, "Only setters and admins write problems here. If you would like to set problems, ask an admin for the setter role."), h("p", {}, h("a", { href: "/problems" }, "Back to the problems"))));
      return;
    }
    const list = $("#setter-list", main);
    const references = $("#references", main);
    const openReferences = (problem, { focus = true } = {}) => {
      references.hidden = false;
      replace($("#references-title", main), `Reference results: ${problem.title}`);
      const body = $("#references-body", main);
      body.setAttribute("aria-busy", "true");
      stopReferences();
      stopReferences = showReferences(body, problem.id);
      if (!focus) return;
      references.scrollIntoView({ block: "nearest" });
      $("#references-title", main).focus();
    };
    let stopReferences = () => {};
    const load = async () => {
      const problems = await editableProblems(user);
      list.removeAttribute("aria-busy");
      replace(list, problemTable(problems, openReferences));
    };
    wireUpload(main, async (problem) => {
      await load();
      openReferences(problem);
    });
    await load();
    const wanted = Number(new URLSearchParams(location.search).get("references"));
    if (wanted) openReferences(await get(`/problems/${wanted}`), { focus: false });
  },
  { login: true },
);
