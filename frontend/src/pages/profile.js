// A user's profile: who they are, problems solved and attempted, a year of
// submissions as a heatmap, verdicts, solve rate by tag and recent submissions.
import { get } from "../lib/api.js";
import { $, h, replace } from "../lib/dom.js";
import { percent, verdictClass, verdictName, when } from "../lib/format.js";
import { isStaff, startPage } from "../lib/page.js";
import { heatmap } from "../widgets/heatmap.js";
import { submissionTable } from "../widgets/submission_table.js";

const RECENT = 10;

const stat = (label, value, id) => h("div", { class: "stat", id }, h("strong", {}, value), h("span", { class: "muted" }, label));

function verdicts(counts) {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return null;
  return h(
    "ul",
    { class: "verdict-counts", "aria-label": "Verdicts" },
    entries.map(([code, count]) => h("li", {}, h("span", { class: `verdict ${verdictClass(code)}` }, verdictName(code)), " ", h("strong", {}, count))),
  );
}

function tagTable(tags) {
  if (!tags?.length) return h("p", { class: "muted" }, "No tagged problems attempted yet.");
  const sorted = [...tags].sort((a, b) => b.solved - a.solved || b.attempted - a.attempted || a.tag.localeCompare(b.tag));
  return h(
    "table",
    { class: "listing tag-rates", id: "tag-table" },
    h("caption", { class: "visually-hidden" }, "Solve rate by tag"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Tag"), h("th", { scope: "col", class: "num" }, "Solved"), h("th", { scope: "col" }, "Rate"))),
    h(
      "tbody",
      {},
      sorted.map((tag) => {
        const rate = tag.attempted ? tag.solved / tag.attempted : 0;
        return h(
          "tr",
          {},
          h("th", { scope: "row" }, h("a", { class: "tag", href: `/problems?tag=${encodeURIComponent(tag.tag)}` }, tag.tag)),
          h("td", { class: "num" }, `${tag.solved} / ${tag.attempted}`),
          h("td", { class: "rate" }, h("div", { class: "bar", "aria-hidden": "true" }, h("span", { style: `width: ${Math.round(rate * 100)}%` })), h("span", { class: "muted" }, percent(rate))),
        );
      }),
    ),
  );
}

async function recentSubmissions(userId, viewer) {
  // Contestants list only their own submissions; staff anyone's.
  const mine = viewer?.id === userId;
  if (!mine && !isStaff(viewer)) return null;
  const page = await get(`/submissions?${mine ? "mine=true" : `user_id=${userId}`}&limit=${RECENT}`);
  if (!page.items.length) return h("p", { class: "muted" }, "No submissions yet.");
  return [await submissionTable(page.items), page.total > RECENT ? h("p", {}, h("a", { href: mine ? "/submissions?mine=true" : `/submissions?mine=false&user_id=${userId}` }, `All ${page.total} submissions`)) : null];
}

startPage(async ({ main, params, user: viewer }) => {
  const userId = Number(params.userId);
  // The account is public (GET /api/users/<id>: username, role, joining date for anyone).
  const [stats, person] = await Promise.all([get(`/users/${userId}/stats`), get(`/users/${userId}`)]);
  const name = person.username;
  document.title = `${name} · Coding-Panda`;
  replace($("#profile-name", main), name);
  replace($("#avatar", main), name.slice(0, 1).toUpperCase());
  replace($("#profile-meta", main), h("span", { class: "badge neutral" }, person.role), h("span", { class: "muted" }, ` Joined ${when(person.created_at)}`));
  const numbers = $("#profile-stats", main);
  numbers.removeAttribute("aria-busy");
  replace(numbers, stat("solved", stats.solved_count, "solved-count"), stat("attempted", stats.attempted_count, "attempted-count"), stat("submissions", stats.submission_count, "submission-count"), stat("acceptance", percent(stats.attempted_count ? stats.solved_count / stats.attempted_count : null)));
  replace($("#profile-activity", main), heatmap(stats.heatmap || []), verdicts(stats.verdict_counts));
  // A narrow screen shows the latest weeks first (the grid scrolls back in time).
  const grid = $("#heatmap", main);
  grid.scrollLeft = grid.scrollWidth;
  replace($("#profile-tags", main), tagTable(stats.tags));
  const recent = await recentSubmissions(userId, viewer);
  const section = $("#profile-recent", main);
  if (recent) replace($(".table-scroll", section), recent);
  else section.remove();
  main.dataset.state = "done";
});
