// The submissions listing: mine by default, everyone's (staff) with "All"; filters
// by problem and user live in the URL, rows still judged update live.
import { get, query } from "../lib/api.js";
import { $, h, replace } from "../lib/dom.js";
import { isStaff, startPage } from "../lib/page.js";
import { pageFromUrl, pagination } from "../widgets/pagination.js";
import { submissionTable } from "../widgets/submission_table.js";

function filtersFromUrl(form, staff) {
  const params = new URLSearchParams(location.search);
  const filters = {
    problem_id: params.get("problem_id") || undefined,
    user_id: staff ? params.get("user_id") || undefined : undefined,
    // Contestants only ever list their own; staff choose.
    mine: staff ? params.get("mine") || (params.get("user_id") ? "false" : "true") : "true",
  };
  for (const [name, value] of Object.entries(filters)) {
    const input = form.elements.namedItem(name);
    if (input && value !== undefined) input.value = value;
  }
  return filters;
}

function heading(filters) {
  if (filters.mine === "true") return "My submissions";
  if (filters.user_id) return `Submissions of user ${filters.user_id}`;
  return "All submissions";
}

startPage(
  async ({ main, user }) => {
    const staff = isStaff(user);
    const form = $("form.filters", main);
    for (const element of form.querySelectorAll("[data-staff]")) element.hidden = !staff;
    const filters = filtersFromUrl(form, staff);
    replace($("#submissions-title", main), heading(filters));
    const paging = pageFromUrl();
    const list = $("#submission-list", main);
    const page = await get(`/submissions${query({ ...filters, limit: paging.limit, offset: paging.offset })}`);
    list.removeAttribute("aria-busy");
    if (!page.items.length) {
      replace(list, h("p", { class: "empty" }, "No submissions yet. ", h("a", { href: "/problems" }, "Pick a problem"), " and send one."));
      return;
    }
    const caption = `${page.total} submission${page.total === 1 ? "" : "s"}`;
    replace(list, await submissionTable(page.items, { caption, showUser: filters.mine !== "true" }), pagination(page.total, paging));
  },
  { login: true },
);
