// How verdicts, statuses, limits and times read on every page.
export const VERDICTS = {
  AC: "Accepted",
  WA: "Wrong answer",
  TLE: "Time limit exceeded",
  MLE: "Memory limit exceeded",
  OLE: "Output limit exceeded",
  RE: "Runtime error",
  CE: "Compilation error",
  IE: "Internal error",
};

export const verdictName = (code) => VERDICTS[code] || code || "";
export const verdictClass = (code) => (code === "AC" ? "good" : code === "CE" || code === "IE" ? "neutral" : code ? "bad" : "pending");

export function statusText(event) {
  if (event.status === "done") return verdictName(event.verdict);
  if (event.status === "running" && event.test) return `Running on test ${event.test}${event.total_tests ? ` of ${event.total_tests}` : ""}`;
  return { queued: "In queue", compiling: "Compiling", running: "Running" }[event.status] || event.status;
}

export const ms = (value) => (value === null || value === undefined ? "–" : `${value} ms`);
export function memory(kb) {
  if (kb === null || kb === undefined) return "–";
  return kb >= 1024 ? `${(kb / 1024).toFixed(kb >= 10240 ? 0 : 1)} MB` : `${kb} KB`;
}

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const percent = (rate) => (rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)}%`);
