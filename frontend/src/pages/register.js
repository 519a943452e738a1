// Sign up, then log straight in.
import { post } from "../lib/api.js";
import { remember } from "../lib/auth.js";
import { $ } from "../lib/dom.js";
import { onSubmit } from "../lib/forms.js";
import { startPage } from "../lib/page.js";

startPage(({ main }) => {
  const form = $("form", main);
  onSubmit(form, async ({ username, password, email }) => {
    await post("/auth/register", { username, password, email: email || null }, { auth: false });
    remember(await post("/auth/login", { username, password }, { auth: false }));
    location.assign("/");
  });
});
