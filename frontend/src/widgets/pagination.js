// Page links for a listing whose state lives in the URL (limit/offset), so that
// back, reload and shared links keep the page.
import { h } from "../lib/dom.js";

export const PAGE_SIZE = 25;

export function pageFromUrl() {
  const params = new URLSearchParams(location.search);
  const page = Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1);
  return { page, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
}

function linkTo(page) {
  const params = new URLSearchParams(location.search);
  if (page === 1) params.delete("page");
  else params.set("page", String(page));
  const text = params.toString();
  return `${location.pathname}${text ? `?${text}` : ""}`;
}

export function pagination(total, { page, limit }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  if (pages === 1) return null;
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items = [];
  let previous = 0;
  for (const n of numbers) {
    if (n - previous > 1) items.push(h("li", { "aria-hidden": "true" }, "…"));
    items.push(h("li", {}, n === page ? h("a", { href: linkTo(n), "aria-current": "page" }, n) : h("a", { href: linkTo(n) }, n)));
    previous = n;
  }
  return h(
    "nav",
    { class: "pagination", "aria-label": "Pages" },
    h("ul", {}, page > 1 ? h("li", {}, h("a", { href: linkTo(page - 1), rel: "prev" }, "‹ Previous")) : null, items, page < pages ? h("li", {}, h("a", { href: linkTo(page + 1), rel: "next" }, "Next ›")) : null),
  );
}
