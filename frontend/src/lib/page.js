// What every page shares: the account menu in the header, the login guard and
// the page's parameters (data-* on <main>, written by the server's template).
import "../styles/main.css";
import { currentUser, logout, onLoginChange } from "./auth.js";
import { $, announce, h, replace } from "./dom.js";

const STAFF = new Set(["admin", "setter"]);
export const isStaff = (user) => Boolean(user && STAFF.has(user.role));

function accountMenu(user) {
  const area = $("#account");
  if (!area) return;
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    replace(area, h("a", { href: `/login?next=${next}` }, "Log in"), h("a", { href: "/register", class: "button small" }, "Sign up"));
    return;
  }
  replace(
    area,
    isStaff(user) ? h("a", { href: "/setter" }, "Setter") : null,
    h("a", { href: `/users/${user.id}`, title: "Your profile" }, user.username),
    h("a", { href: "/settings" }, "Settings"),
    h(
      "button",
      {
        type: "button",
        class: "link",
        onclick: async () => {
          await logout();
          location.assign("/");
        },
      },
      "Log out",
    ),
  );
}

function markCurrentNav() {
  for (const link of document.querySelectorAll("nav.site a[data-section]")) {
    if (location.pathname === link.getAttribute("href") || location.pathname.startsWith(`${link.dataset.section}/`)) {
      link.setAttribute("aria-current", "page");
    }
  }
}

/**
 * Runs a page: render(context) with context = { main, params, user }. `login: true`
 * sends anonymous visitors to the login page first.
 */
export function startPage(render, { login = false } = {}) {
  const main = $("main");
  const params = { ...main.dataset };
  const user = currentUser();
  accountMenu(user);
  markCurrentNav();
  onLoginChange(accountMenu);
  if (login && !user) {
    location.replace(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    return;
  }
  Promise.resolve(render({ main, params, user })).catch((error) => {
    console.error(error);
    announce(error.message || String(error), "error");
  });
}
