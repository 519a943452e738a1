// "Run on samples / custom input": a judge run that is not a submission. The
// result arrives as `run.update` events over Socket.IO, never polled.
import { post } from "../lib/api.js";
import { h, replace } from "../lib/dom.js";
import { memory, ms, statusText, verdictClass, verdictName } from "../lib/format.js";
import { subscribe } from "../lib/socket.js";

function resultBlock(result) {
  return h(
    "section",
    { class: "run-result", "aria-label": `Result on ${result.name}` },
    h(
      "h4",
      {},
      result.name,
      " ",
      h("span", { class: `verdict ${verdictClass(result.verdict === "OK" ? "AC" : result.verdict)}` }, result.verdict === "OK" ? "Ran" : verdictName(result.verdict)),
      h("span", { class: "muted" }, ` · ${ms(result.time_ms)} · ${memory(result.memory_kb)}${result.exit_code ? ` · exit code ${result.exit_code}` : ""}`),
    ),
    h("pre", { class: "output", "aria-label": "Output" }, result.stdout ?? ""),
    result.stdout_truncated ? h("p", { class: "muted" }, "Output truncated.") : null,
    result.stderr ? h("details", {}, h("summary", {}, "Standard error"), h("pre", { class: "output" }, result.stderr)) : null,
  );
}

/** Starts a run and shows it in `panel`; body = {problem_id, language, source, input?}. */
export async function startRun(panel, body) {
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" }, "In queue");
  const results = h("div", { class: "run-results" });
  replace(panel, status, results);
  panel.hidden = false;
  panel.dataset.state = "queued";
  // Listen before asking, keyed by the id the reply names: no event is missed.
  let runId = null;
  const early = [];
  const show = (event) => {
    if (runId === null) return early.push(event);
    if (event.run_id !== runId) return;
    panel.dataset.state = event.status;
    if (event.status !== "done") return replace(status, statusText(event));
    stop();
    if (event.compile_message && !event.results?.length) {
      replace(status, h("span", { class: "verdict neutral" }, "Compilation error"));
      replace(results, h("pre", { class: "compile" }, event.compile_message));
      return;
    }
    replace(status, "Finished");
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
