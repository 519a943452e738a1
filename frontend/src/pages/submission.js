// One submission: its verdict and numbers (live while it is judged), the source
// read-only with highlighting, the compiler's message and the per-test table.
import { get } from "../lib/api.js";
import { $, h, replace } from "../lib/dom.js";
import { languageNames } from "../lib/languages.js";
import { statusText, verdictClass, verdictName, when } from "../lib/format.js";
import { startPage } from "../lib/page.js";
import { subscribe } from "../lib/socket.js";
import { showCode } from "../widgets/code_view.js";
import { memoryOf, problemLink, timeOf, userLink, userNames } from "../widgets/submission_table.js";
import { failingTest, testTable } from "../widgets/verdict_panel.js";

const fact = (term, ...value) => h("div", {}, h("dt", {}, term), h("dd", {}, ...value));

function summary(submission, languageName) {
  const done = submission.status === "done";
  const failing = done && submission.verdict !== "CE" ? failingTest(submission) : null;
  return [
    h(
      "p",
      { id: "submission-verdict", class: "status", role: "status", "aria-live": "polite", dataset: { state: submission.status, verdict: submission.verdict || "" } },
      done ? h("span", { class: `verdict big ${verdictClass(submission.verdict)}` }, verdictName(submission.verdict)) : h("span", { class: "verdict big pending" }, statusText(submission)),
      failing ? h("span", { class: "failing" }, ` — ${failing}`) : null,
    ),
    h(
      "dl",
      { class: "facts" },
      fact("Problem", problemLink(submission)),
      fact("Author", userLink(submission.user_id)),
      fact("Language", languageName(submission.language)),
      fact("Time", timeOf(submission)),
      fact("Memory", memoryOf(submission)),
      submission.score !== null && submission.score !== undefined ? fact("Score", String(Math.round(submission.score * 100) / 100)) : null,
      fact("Submitted", h("time", { datetime: submission.created_at }, when(submission.created_at))),
      submission.judged_at ? fact("Judged", h("time", { datetime: submission.judged_at }, when(submission.judged_at))) : null,
    ),
  ];
}

function results(submission) {
  if (submission.status !== "done") return h("p", { class: "muted" }, "The results appear here when the judge is done.");
  return [
    submission.compile_message
      ? h("details", { class: "compile-output", open: submission.verdict === "CE" }, h("summary", {}, "Compiler output"), h("pre", { class: "compile", id: "compile-message" }, submission.compile_message))
      : null,
    testTable(submission.tests) || h("p", { class: "muted" }, submission.verdict === "CE" ? "No test ran: the program did not compile." : "No per-test results."),
  ];
}

startPage(
  async ({ main, params }) => {
    const id = Number(params.submissionId);
    const overview = $("#submission-overview", main);
    const tests = $("#submission-results", main);
    let submission;
    const show = async (fresh) => {
      submission = fresh;
      await userNames([submission.user_id]);
      replace(overview, summary(submission, await languageNames()));
      overview.removeAttribute("aria-busy");
      replace(tests, results(submission));
      main.dataset.state = submission.status;
    };
    // Listen first, then read: an event sent in between is not lost.
    const stop = subscribe("submission.update", { submission_id: id }, async (event) => {
      if (!submission) return; // the first read below shows it
      if (event.status !== "done") return show({ ...submission, ...event, tests: [] });
      stop();
      await show(await get(`/submissions/${id}`));
    });
    await show(await get(`/submissions/${id}`));
    if (submission.status === "done") stop();
    document.title = `Submission #${id} · Coding-Panda`;
    replace($("#submission-title", main), `Submission #${id}`);
    const source = $("#submission-source", main);
    source.removeAttribute("aria-busy");
    if (submission.source === undefined && !submission.files) replace(source, h("p", { class: "muted" }, "You may not read this submission's source."));
    else showCode(source, submission);
  },
  { login: true },
);
