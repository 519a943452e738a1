// "Run on samples / custom input": a judge run that is not a submission. The
// result arrives as `run.update` events over Socket.IO, never polled.
import { post } from "../lib/api.js";
import { h, replace } from "../lib/dom.js";
import { memory, ms, verdictClass, verdictName } from "../lib/format.js";
import { subscribe } from "../lib/socket.js";

// An unchecked output (custom input) that ran cleanly is not "Accepted": nothing judged it.
const outcome = (result) => (result.verdict === "AC" && !result.checked ? "Ran" : verdictName(result.verdict));

function resultBlock(result) {
  return h(
    "section",
    { class: "run-result", "aria-label": `Result on ${result.name}`, dataset: { verdict: result.verdict } },
    h(
      "h4",
      {},
      `${result.name} `,
      h("span", { class: `verdict ${verdictClass(result.verdict)}` }, outcome(result)),
      h("span", { class: "muted" }, ` · ${ms(result.time_ms)} · ${memory(result.memory_kb)}${result.exit_code ? ` · exit code ${result.exit_code}` : ""}`),
    ),
    result.message ? h("p", { class: "muted" }, result.message) : null,
    h("pre", { class: "output", "aria-label": `Output on ${result.name}` }, result.stdout || ""),
    result.stdout_truncated ? h("p", { class: "muted" }, "Output truncated.") : null,
    result.stderr ? h("details", {}, h("summary", {}, "Standard error"), h("pre", { class: "output" }, result.stderr)) : null,
  );
}

function progressText(event) {
  if (event.status === "compiling") return "Compiling";
  if (event.status === "running" && event.input) return `Running on input ${event.input} of ${event.total_inputs}`;
  return event.status === "queued" ? "In queue" : "Running";
}

/** Starts a run and shows it in `panel`; body = {problem_id, language, source, input?}. */
export async function startRun(panel, body) {
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" }, "In queue");
  const results = h("div", { class: "run-results" });
  replace(panel, h("h3", {}, body.input === undefined ? "Run on samples" : "Run on custom input"), status, results);
  panel.hidden = false;
  panel.dataset.state = "queued";
  // Listen before asking; events that come before the reply names the run wait.
  let runId = null;
  const early = [];
  const show = (event) => {
    if (runId === null) return early.push(event);
    if (event.run_id !== runId) return;
    panel.dataset.state = event.status;
    if (event.status !== "done") return replace(status, progressText(event));
    stop();
    panel.dataset.verdict = event.verdict || "";
    if (event.verdict === "CE") {
      replace(status, h("span", { class: "verdict neutral" }, verdictName("CE")));
      replace(results, h("pre", { class: "compile" }, event.compile_message));
      return;
    }
    replace(status, event.verdict === "IE" ? h("span", { class: "verdict neutral" }, event.message || verdictName("IE")) : "Finished");
    replace(results, event.compile_message ? h("details", {}, h("summary", {}, "Compiler output"), h("pre", { class: "compile" }, event.compile_message)) : null, (event.results || []).map(resultBlock));
  };
  const stop = subscribe("run.update", {}, show);
  try {
    const reply = await post("/runs", body);
    runId = reply.run_id;
    panel.dataset.runId = runId;
    for (const event of early.splice(0)) show(event);
  } catch (error) {
    stop();
    panel.dataset.state = "error";
    replace(status, h("span", { class: "verdict bad" }, error.message));
  }
}
