// Settings: the account as the server knows it, its e-mail and password (PATCH /api/me),
// this browser's preferences, and for admins the one change PATCH /api/users/<id>
// makes (a user's role).
import { allLanguages } from "../lib/languages.js";
import { ApiError, get, patch } from "../lib/api.js";
import { $, announce, h, replace } from "../lib/dom.js";
import { onSubmit } from "../lib/forms.js";
import { startPage } from "../lib/page.js";
import { when } from "../lib/format.js";

// The editor's remembered language (widgets/editor.js lastLanguage/rememberLanguage
// use this key; importing them would pull the whole editor into this page).
const LANGUAGE_KEY = "panda.language";
const ROLES = ["contestant", "setter", "admin"];

const fact = (term, value) => h("div", {}, h("dt", {}, term), h("dd", {}, value));

async function showAccount(main) {
  const me = await get("/me");
  const box = $("#account-facts", main);
  box.removeAttribute("aria-busy");
  replace(
    box,
    h("dl", { class: "facts" }, fact("Username", me.username), fact("E-mail", me.email || "—"), fact("Role", me.role), fact("Joined", when(me.created_at))),
    h("p", {}, h("a", { href: `/users/${me.id}` }, "Your public profile")),
  );
  return me;
}

function wireEmail(main, me) {
  const form = $("#email-form", main);
  form.elements.namedItem("email").value = me.email || "";
  onSubmit(form, async ({ email }) => {
    const user = await patch("/me", { email: email.trim() || null });
    const message = user.email ? `Your e-mail is now ${user.email}.` : "Your e-mail was removed.";
    replace($("#email-status", main), message);
    form.dataset.state = "saved";
    await showAccount(main);
  });
}

function wirePassword(main) {
  const form = $("#password-form", main);
  onSubmit(form, async ({ current_password: current, password, password_again: again }) => {
    if (password !== again) {
      throw new ApiError(422, "The new password was typed differently twice.", { password_again: ["does not match the new password"] });
    }
    const { other_logins_revoked: ended } = await patch("/me", { password, current_password: current });
    form.reset();
    const others = ended ? ` ${ended} other login${ended === 1 ? " was" : "s were"} signed out.` : "";
    const message = `Password changed.${others}`;
    replace($("#password-status", main), message);
    form.dataset.state = "saved";
  });
}

async function wirePreferences(main) {
  const form = $("#preferences-form", main);
  const select = form.elements.namedItem("language");
  const languages = await allLanguages();
  replace(select, h("option", { value: "" }, "The last one I used"), languages.map((lang) => h("option", { value: lang.id }, lang.name)));
  select.value = localStorage.getItem(LANGUAGE_KEY) || "";
  onSubmit(form, async ({ language }) => {
    if (language) localStorage.setItem(LANGUAGE_KEY, language);
    else localStorage.removeItem(LANGUAGE_KEY);
    replace($("#preferences-status", main), "Saved.");
    form.dataset.state = "saved";
  });
}

function wireRoles(main) {
  const section = $("#roles", main);
  section.hidden = false;
  const form = $("#role-form", main);
  replace(form.elements.namedItem("role"), ROLES.map((role) => h("option", { value: role }, role)));
  onSubmit(form, async ({ user_id: userId, role }) => {
    const user = await patch(`/users/${Number(userId)}`, { role });
    replace($("#role-status", main), `${user.username} is now ${user.role}.`);
    form.dataset.state = "saved";
    announce(`${user.username} is now ${user.role}.`);
  });
}

startPage(
  async ({ main }) => {
    const me = await showAccount(main);
    wireEmail(main, me);
    wirePassword(main);
    await wirePreferences(main);
    if (me.role === "admin") wireRoles(main);
    main.dataset.state = "ready";
  },
  { login: true },
);
