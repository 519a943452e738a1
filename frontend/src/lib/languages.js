// The submission languages (GET /api/languages), read once per page: ids to the
// names people know them by ("cpp17" -> "C++17 (g++)").
import { get } from "./api.js";

let languages = null;

export function allLanguages() {
  languages ||= get("/languages", { auth: false }).catch(() => []);
  return languages;
}

/** id -> name; an id the server does not list keeps itself. */
export async function languageNames() {
  const names = new Map((await allLanguages()).map((lang) => [lang.id, lang.name]));
  return (id) => names.get(id) || id;
}
