// A problem's reference submissions (its package's submissions/ folder) as
// `panda problem verify` prints them: path, expected, got, time, ok. Rows still
// judged follow `submission.update` events (they are the setter's own
// submissions, so the events reach the setter's room); a finished one re-reads
// the list, which says whether the verdict was one expected.
import { get } from "../lib/api.js";
import { h, replace } from "../lib/dom.js";
import { ms, statusText, verdictClass, verdictName } from "../lib/format.js";
import { subscribe } from "../lib/socket.js";

function okCell(reference) {
  if (reference.status !== "done") return h("td", { class: "ok muted" }, "…");
  if (reference.ok === null || reference.ok === undefined) return h("td", { class: "ok muted", title: "No single verdict is expected" }, "–");
  return h("td", { class: `ok ${reference.ok ? "good" : "bad"}` }, h("span", { "aria-hidden": "true" }, reference.ok ? "✓" : "✗"), h("span", { class: "visually-hidden" }, reference.ok ? "as expected" : "not as expected"));
}

function row(reference) {
  return h(
    "tr",
    { dataset: { submissionId: reference.submission_id, status: reference.status, ok: String(reference.ok) } },
    h("td", { class: "path" }, h("a", { href: `/submissions/${reference.submission_id}` }, reference.path)),
    h("td", {}, reference.expected_verdict),
    h("td", {}, reference.status === "done" ? h("span", { class: `verdict ${verdictClass(reference.verdict)}`, title: verdictName(reference.verdict) }, reference.verdict) : h("span", { class: "verdict pending" }, statusText(reference))),
    h("td", { class: "num" }, ms(reference.time_ms)),
    okCell(reference),
  );
}

function table(references) {
  const failed = references.filter((r) => r.ok === false).length;
  const pending = references.filter((r) => r.status !== "done").length;
  const verdict = pending ? `${pending} still judged` : failed ? `${failed} not as expected` : "all as expected";
  return h(
    "table",
    { class: "listing reference", id: "reference-table", dataset: { state: pending ? "judging" : "done", failed } },
    h("caption", {}, `${references.length} reference submission${references.length === 1 ? "" : "s"}: ${verdict}`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Path"), h("th", { scope: "col" }, "Expected"), h("th", { scope: "col" }, "Got"), h("th", { scope: "col", class: "num" }, "Time"), h("th", { scope: "col" }, "OK"))),
    h("tbody", {}, references.map(row)),
  );
}

/** Shows problem `problemId`'s reference results in `container`, live until all are judged; returns a stop function. */
export function showReferences(container, problemId) {
  let stop = () => {};
  let ids = new Set();
  const render = async () => {
    const references = await get(`/problems/${problemId}/reference`);
    container.removeAttribute("aria-busy");
    if (!references.length) {
      stop();
      replace(container, h("p", { class: "muted", id: "reference-table", "data-state": "done" }, "No reference submissions: a package's submissions/ folder brings them."));
      return;
    }
    replace(container, table(references));
    ids = new Set(references.filter((r) => r.status !== "done").map((r) => r.submission_id));
    if (!ids.size) stop();
  };
  // Listen first, then read: a verdict between the two is not lost.
  stop = subscribe("submission.update", {}, (event) => {
    if (!ids.has(event.submission_id)) return;
    if (event.status === "done") render();
    else {
      const tr = container.querySelector(`tr[data-submission-id="${event.submission_id}"]`);
      if (tr) replace(tr.children[2], h("span", { class: "verdict pending" }, statusText(event)));
    }
  });
  render().catch((error) => replace(container, h("p", { class: "field-error" }, error.message)));
  return () => stop();
}
