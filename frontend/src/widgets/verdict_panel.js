// The verdict panel: compiling → running k/n → verdict with time and memory,
// filled from `submission.update` events (never polled). One read of the
// submission when it starts catches events sent before the page listened, and
// the per-test table comes with the final verdict.
import { get } from "../lib/api.js";
import { h, replace } from "../lib/dom.js";
import { memory, ms, statusText, verdictClass, verdictName } from "../lib/format.js";
import { subscribe } from "../lib/socket.js";

export function testTable(tests) {
  if (!tests?.length) return null;
  return h(
    "table",
    { class: "tests" },
    h("caption", { class: "visually-hidden" }, "Results by test"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Test"), h("th", { scope: "col" }, "Group"), h("th", { scope: "col" }, "Verdict"), h("th", { scope: "col" }, "Time"), h("th", { scope: "col" }, "Memory"), h("th", { scope: "col" }, "Checker"))),
    h(
      "tbody",
      {},
      tests.map((test) =>
        h(
          "tr",
          { class: verdictClass(test.verdict) },
          h("td", {}, test.ordinal),
          h("td", {}, test.group),
          h("td", {}, h("span", { class: `verdict ${verdictClass(test.verdict)}` }, verdictName(test.verdict))),
          h("td", {}, ms(test.time_ms)),
          h("td", {}, memory(test.memory_kb)),
          h("td", { class: "message" }, test.message || ""),
        ),
      ),
    ),
  );
}

/** The first test that did not pass, as a sentence ("Wrong answer on test 3"). */
export function failingTest(submission) {
  const failed = (submission.tests || []).find((test) => test.verdict !== "AC");
  return failed ? `${verdictName(failed.verdict)} on test ${failed.ordinal}` : null;
}

/** Shows a submission's progress in `panel` until its verdict; returns a stop function. */
export function followSubmission(panel, submissionId) {
  let finished = false;
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" }, "In queue");
  const progress = h("progress", { max: 1, value: 0, "aria-label": "Tests run" });
  const details = h("div", { class: "details" });
  replace(panel, h("h3", {}, `Submission `, h("a", { href: `/submissions/${submissionId}` }, `#${submissionId}`)), status, progress, details);
  panel.hidden = false;
  panel.dataset.state = "queued";

  function show(event) {
    if (finished) return;
    replace(status, statusText(event));
    panel.dataset.state = event.status;
    if (event.total_tests) {
      progress.max = event.total_tests;
      progress.value = Math.max(0, (event.test || 1) - 1);
    }
    if (event.status === "done") finish();
  }

  async function finish() {
    finished = true;
    stop();
    progress.remove();
    const submission = await get(`/submissions/${submissionId}`);
    panel.dataset.state = "done";
    panel.dataset.verdict = submission.verdict || "";
    const failing = failingTest(submission);
    replace(
      status,
      h("span", { class: `verdict big ${verdictClass(submission.verdict)}` }, verdictName(submission.verdict)),
      failing && submission.verdict !== "CE" ? h("span", { class: "failing" }, ` — ${failing}`) : null,
      h("span", { class: "muted" }, ` · ${ms(submission.time_ms)} · ${memory(submission.memory_kb)}`),
    );
    replace(
      details,
      submission.compile_message ? h("details", { open: submission.verdict === "CE" }, h("summary", {}, "Compiler output"), h("pre", { class: "compile" }, submission.compile_message)) : null,
      submission.tests?.length ? h("details", { class: "test-results", open: submission.verdict !== "AC" }, h("summary", {}, `Results by test (${submission.tests.length})`), testTable(submission.tests)) : null,
    );
  }

  const stop = subscribe("submission.update", { submission_id: submissionId }, show);
  get(`/submissions/${submissionId}`).then((submission) => {
    if (!finished && submission.status === "done") finish();
  });
  return stop;
}
