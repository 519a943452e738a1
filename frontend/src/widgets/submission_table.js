// A table of submissions (the listing and a profile's recent ones): authors'
// usernames looked up once per page, verdicts coloured, and rows still
// being judged updated from `submission.update` events (the UI never polls for a verdict).
import { get, query } from "../lib/api.js";
import { languageNames } from "../lib/languages.js";
import { h, replace } from "../lib/dom.js";
import { memory, ms, statusText, verdictClass, verdictName, when } from "../lib/format.js";
import { subscribe } from "../lib/socket.js";

/** A link to a submission's problem, by the title the listing carries. */
export const problemLink = (submission) =>
  h("a", { href: `/problems/${submission.problem_id}` }, submission.problem_title || `Problem ${submission.problem_id}`);

const usernames = new Map();
const USERS_PER_READ = 100; // GET /api/users takes at most 100 ids

/** id -> username of the users named (public accounts, up to 100 per GET; an unknown id keeps its number). */
export async function userNames(ids) {
  const missing = [...new Set(ids)].filter((id) => id != null && !usernames.has(id));
  const reads = [];
  for (let start = 0; start < missing.length; start += USERS_PER_READ) {
    const chunk = missing.slice(start, start + USERS_PER_READ);
    reads.push(
      get(`/users${query({ id: chunk })}`)
        .then((users) => users.forEach((user) => usernames.set(user.id, user.username)))
        .catch(() => {})
        .finally(() => chunk.forEach((id) => usernames.has(id) || usernames.set(id, null))),
    );
  }
  await Promise.all(reads);
  return usernames;
}

export const userLink = (id) => h("a", { href: `/users/${id}` }, usernames.get(id) || `User ${id}`);

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

function row(submission, { showUser, languageName }) {
  return h(
    "tr",
    { dataset: { submissionId: submission.id, status: submission.status } },
    h("td", { class: "num" }, h("a", { href: `/submissions/${submission.id}` }, `#${submission.id}`)),
    h("td", { class: "when col-when" }, h("time", { datetime: submission.created_at }, when(submission.created_at))),
    showUser ? h("td", {}, userLink(submission.user_id)) : null,
    h("td", {}, problemLink(submission)),
    h("td", { class: "col-language" }, languageName(submission.language)),
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
 * The table for `submissions` (their authors' names fetched first); rows not yet
 * judged follow their events. Returns the table.
 */
export async function submissionTable(submissions, { caption, showUser = false } = {}) {
  if (showUser) await userNames(submissions.map((s) => s.user_id));
  const languageName = await languageNames();
  const rows = submissions.map((submission) => row(submission, { showUser, languageName }));
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
