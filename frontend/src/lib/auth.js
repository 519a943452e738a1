// The login in the browser: tokens in localStorage (a reload keeps the session),
// the access token refreshed a minute before it expires. Refresh tokens are spent
// on use and a replayed one ends the login, so tabs refresh one at a time (a Web
// Lock) and a tab that finds the tokens already renewed by another takes those.
const KEY = "panda.login";
const REFRESH_MARGIN_S = 60;
const listeners = new Set();
let timer = null;

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

function save(login) {
  if (login) localStorage.setItem(KEY, JSON.stringify(login));
  else localStorage.removeItem(KEY);
  changed();
}

function changed() {
  schedule();
  for (const listener of listeners) listener(currentUser());
}

function claims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part));
  } catch {
    return {};
  }
}

const secondsLeft = (token) => (claims(token).exp || 0) - Date.now() / 1000;

function schedule() {
  clearTimeout(timer);
  const login = load();
  if (!login) return;
  const wait = Math.max(0, secondsLeft(login.access_token) - REFRESH_MARGIN_S);
  timer = setTimeout(() => refreshNow(), wait * 1000);
}

export function currentUser() {
  return load()?.user || null;
}

export function onLoginChange(listener) {
  listeners.add(listener);
}

export function remember(tokens, user) {
  save({ access_token: tokens.access_token, refresh_token: tokens.refresh_token, user: user || tokens.user });
}

async function withLock(work) {
  if (navigator.locks) return navigator.locks.request("panda.refresh", work);
  return work();
}

/** Renews the tokens; false (and logged out) when the login is over. */
export async function refreshNow() {
  const spent = load()?.refresh_token;
  if (!spent) return false;
  return withLock(async () => {
    const login = load();
    if (!login) return false;
    if (login.refresh_token !== spent && secondsLeft(login.access_token) > REFRESH_MARGIN_S) return true;
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      headers: { Authorization: `Bearer ${login.refresh_token}`, Accept: "application/json" },
    });
    if (response.status === 401 || response.status === 422) {
      save(null);
      return false;
    }
    if (!response.ok) return false; // a server hiccup: keep the login, try again later
    const tokens = await response.json();
    save({ ...login, access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    return true;
  });
}

/** The access token to send, renewed first when it is about to expire. */
export async function accessToken() {
  const login = load();
  if (!login) return null;
  if (secondsLeft(login.access_token) < 5) await refreshNow();
  return load()?.access_token || null;
}

export async function logout() {
  const login = load();
  save(null);
  if (!login) return;
  await fetch("/api/auth/logout", {
    method: "POST",
    headers: { Authorization: `Bearer ${login.refresh_token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ access_token: login.access_token }),
  }).catch(() => {});
}

// Another tab logged in, out or renewed the tokens.
window.addEventListener("storage", (event) => {
  if (event.key === KEY) changed();
});
schedule();
