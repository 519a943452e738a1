// The problem list: title search, tag, difficulty and solved filters, acceptance
// rate, pagination. The filters are a plain GET form: the URL is the state.
import { get, query } from "../lib/api.js";
import { $, h, replace } from "../lib/dom.js";
import { percent } from "../lib/format.js";
import { startPage } from "../lib/page.js";
import { pageFromUrl, pagination } from "../widgets/pagination.js";

function filtersFromUrl(form) {
  const params = new URLSearchParams(location.search);
  for (const name of ["q", "tag", "min_difficulty", "max_difficulty", "solved", "sort"]) {
    const input = form.elements.namedItem(name);
    if (input && params.get(name) !== null) input.value = params.get(name);
  }
  const filters = {};
  for (const name of ["q", "min_difficulty", "max_difficulty", "solved", "sort"]) filters[name] = params.get(name) || undefined;
  filters.tag = params.getAll("tag").filter(Boolean);
  return filters;
}

const tagLink = (tag) => h("a", { class: "tag", href: `/problems?tag=${encodeURIComponent(tag)}` }, tag);

function row(problem) {
  const solved = problem.solved === true;
  return h(
    "tr",
    { class: solved ? "solved" : "" },
    h("td", { class: "num" }, problem.id),
    h(
      "td",
      {},
      h("a", { href: `/problems/${problem.id}`, class: "title" }, problem.title),
      solved ? h("span", { class: "badge good", title: "Solved" }, "✓", h("span", { class: "visually-hidden" }, " solved")) : null,
      !problem.is_public ? h("span", { class: "badge neutral" }, "hidden") : null,
      h("div", { class: "tags" }, (problem.tags || []).map(tagLink)),
    ),
    h("td", { class: "num" }, problem.difficulty ?? "–"),
    h("td", { class: "num" }, percent(problem.acceptance_rate)),
    h("td", { class: "num" }, problem.solver_count ?? "–"),
  );
}

startPage(async ({ main, user }) => {
  const form = $("form.filters", main);
  if (!user) $("#solved-filter", form)?.setAttribute("hidden", "");
  const filters = filtersFromUrl(form);
  const paging = pageFromUrl();
  const list = $("#problem-list", main);
  list.setAttribute("aria-busy", "true");
  const page = await get(`/problems${query({ ...filters, limit: paging.limit, offset: paging.offset })}`);
  list.removeAttribute("aria-busy");
  if (!page.items.length) {
    replace(list, h("p", { class: "empty" }, "No problems match these filters."));
    return;
  }
  // On a phone the table scrolls inside its box, the page does not.
  replace(
    list,
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "listing problems" },
        h("caption", {}, `${page.total} problem${page.total === 1 ? "" : "s"}`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "num" }, "#"), h("th", { scope: "col" }, "Title"), h("th", { scope: "col", class: "num" }, "Difficulty"), h("th", { scope: "col", class: "num" }, "Acceptance"), h("th", { scope: "col", class: "num" }, "Solved by"))),
        h("tbody", {}, page.items.map(row)),
      ),
    ),
    pagination(page.total, paging),
  );
});
