// A year of daily submissions as a GitHub-style grid: a column per week, a row
// per weekday, darker for busier days. The grid is one image to assistive tech
// (its label sums it up); each day still names itself on hover (title).
import { h } from "../lib/dom.js";

const DAY_MS = 24 * 3600 * 1000;
const isoDay = (date) => date.toISOString().slice(0, 10);
const level = (count) => (count === 0 ? 0 : count === 1 ? 1 : count <= 3 ? 2 : count <= 6 ? 3 : 4);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** days: [{date: "YYYY-MM-DD", count}] (UTC days, missing ones had none), ending today. */
export function heatmap(days, { totalDays = 365, today = new Date() } = {}) {
  const counts = new Map(days.map((day) => [day.date, day.count]));
  const last = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const first = new Date(last - (totalDays - 1) * DAY_MS);
  // Blank cells before the first day put it on its weekday's row.
  const cells = Array.from({ length: first.getUTCDay() }, () => h("span", { class: "blank" }));
  let total = 0;
  let active = 0;
  for (let i = 0; i < totalDays; i++) {
    const date = new Date(first.getTime() + i * DAY_MS);
    const day = isoDay(date);
    const count = counts.get(day) || 0;
    total += count;
    if (count) active += 1;
    const label = `${plural(count, "submission")} on ${date.toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" })}`;
    cells.push(h("span", { title: label, dataset: { level: level(count), date: day, count } }));
  }
  const summary = `${plural(total, "submission")} in the last year, on ${plural(active, "day")}`;
  return h(
    "figure",
    { class: "heatmap-figure" },
    h("div", { class: "heatmap", id: "heatmap", role: "img", "aria-label": summary, tabindex: "0" }, cells),
    h(
      "figcaption",
      {},
      h("span", {}, summary),
      h("span", { class: "legend", "aria-hidden": "true" }, "Less", [0, 1, 2, 3, 4].map((n) => h("span", { class: "swatch", dataset: { level: n } })), "More"),
    ),
  );
}
