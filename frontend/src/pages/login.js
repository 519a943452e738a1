// Log in: the tokens are kept (a reload stays logged in), then back to where the visitor was.
import { post } from "../lib/api.js";
import { remember } from "../lib/auth.js";
import { $ } from "../lib/dom.js";
import { onSubmit } from "../lib/forms.js";
import { startPage } from "../lib/page.js";

export function nextPage() {
  const next = new URLSearchParams(location.search).get("next") || "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

startPage(({ main }) => {
  const form = $("form", main);
  onSubmit(form, async ({ username, password }) => {
    const tokens = await post("/auth/login", { username, password }, { auth: false });
    remember(tokens);
    location.assign(nextPage());
  });
});
