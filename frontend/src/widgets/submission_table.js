// A table of submissions (the listing and a profile's recent ones): problem titles
// looked up once per page, verdicts coloured, and rows still being judged updated
// from `submission.update` events (the UI never polls for a verdict).
import { get } from "../lib/api.js";
import { h, replace } from "../lib/dom.js";
import { memory, ms, statusText, verdictClass, verdictName, when } from "../lib/format.js";
import { subscribe } from "../lib/socket.js";

const titles = new Map();

/** id -> title of the problems named (one GET each, in parallel; a problem we may not see keeps its id). */
export async function problemTitles(ids) {
  const missing = [...new Set(ids)].filter((id) => !titles.has(id));
  await Promise.all(
    missing.map((id) =>
      get(`/problems/${id}`)
        .then((problem) => titles.set(id, problem.title))
        .catch(() => titles.set(id, null)),
    ),
  );
  return titles;
}

export const problemLink = (id) => h("a", { href: `/problems/${id}` }, titles.get(id) || `Problem ${id}`);

// A program that did not compile has no time or memory of its own.
export const timeOf = (submission) => (submission.verdict === "CE" ? "–" : ms(submission.time_ms));
export const memoryOf = (submission) => (submission.verdict === "CE" ? "–" : memory(submission.memory_kb));

/** The verdict cell's content: the verdict when judged, else the live status. */
export function verdictLabel(submission) {
  if (submission.status === "done") {
    return h("span", { class: `verdict ${verdictClass(submission.verdict)}` }, verdictName(submission.verdict));
  }
  return h("span", { class: "verdict pending" }, statusText(submission));
}

function row(submission, { showUser }) {
  return h(
    "tr",
    { dataset: { submissionId: submission.id, status: submission.status } },
    h("td", { class: "num" }, h("a", { href: `/submissions/${submission.id}` }, `#${submission.id}`)),
    h("td", { class: "when col-when" }, h("time", { datetime: submission.created_at }, when(submission.created_at))),
    showUser ? h("td", {}, h("a", { href: `/users/${submission.user_id}` }, `User ${submission.user_id}`)) : null,
    h("td", {}, problemLink(submission.problem_id)),
    h("td", { class: "col-language" }, submission.language),
    h("td", { class: "verdict-cell" }, verdictLabel(submission)),
    h("td", { class: "num time" }, timeOf(submission)),
    h("td", { class: "num memory col-memory" }, memoryOf(submission)),
  );
}

function updateRow(tr, event) {
  tr.dataset.status = event.status;
  replace(tr.querySelector(".verdict-cell"), verdictLabel(event));
  if (event.status === "done") {
    replace(tr.querySelector(".time"), timeOf(event));
    replace(tr.querySelector(".memory"), memoryOf(event));
  }
}

/**
 * The table for `submissions` (their problems' titles fetched first); rows not yet
 * judged follow their events. Returns the table.
 */
export async function submissionTable(submissions, { caption, showUser = false } = {}) {
  await problemTitles(submissions.map((s) => s.problem_id));
  const rows = submissions.map((submission) => row(submission, { showUser }));
  const table = h(
    "table",
    { class: "listing submissions" },
    caption ? h("caption", {}, caption) : null,
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col", class: "num" }, "#"),
        h("th", { scope: "col", class: "col-when" }, "When"),
        showUser ? h("th", { scope: "col" }, "User") : null,
        h("th", { scope: "col" }, "Problem"),
        h("th", { scope: "col", class: "col-language" }, "Language"),
        h("th", { scope: "col" }, "Verdict"),
        h("th", { scope: "col", class: "num" }, "Time"),
        h("th", { scope: "col", class: "num col-memory" }, "Memory"),
      ),
    ),
    h("tbody", {}, rows),
  );
  const pending = new Map(rows.filter((tr) => tr.dataset.status !== "done").map((tr) => [Number(tr.dataset.submissionId), tr]));
  if (pending.size) {
    const stop = subscribe("submission.update", {}, (event) => {
      const tr = pending.get(event.submission_id);
      if (!tr) return;
      updateRow(tr, event);
      if (event.status === "done") pending.delete(event.submission_id);
      if (!pending.size) stop();
    });
    // One read after listening catches a verdict that came between the listing and the subscription.
    for (const [id, tr] of pending) {
      get(`/submissions/${id}`).then((submission) => {
        if (submission.status === "done" && pending.delete(id)) updateRow(tr, submission);
      });
    }
  }
  return table;
}
