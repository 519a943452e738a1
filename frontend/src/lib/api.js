// The API client: JSON in and out, the access token attached, errors as ApiError
// carrying the server's message (every 4xx of ours is {"error", "details"?}, web/errors.py).
import { accessToken, refreshNow } from "./auth.js";

export class ApiError extends Error {
  constructor(status, message, errors = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
  }

  /** "field: problem" lines for a form's error summary; nested fields read "groups 1 › tests 2 › answer". */
  details() {
    const lines = [];
    const walk = (path, problems) => {
      if (problems && typeof problems === "object" && !Array.isArray(problems)) {
        for (const [key, value] of Object.entries(problems)) walk([...path, /^\d+$/.test(key) ? String(Number(key) + 1) : key], value);
      } else lines.push(`${path.join(" › ")}: ${[problems].flat(Infinity).join(", ")}`);
    };
    walk([], this.errors || {});
    return lines;
  }
}

/** The ApiError of an error reply's parsed body. */
export function errorFrom(status, data, fallback) {
  const details = data?.details && typeof data.details === "object" ? data.details : {};
  return new ApiError(status, data?.error || data?.message || fallback, details);
}

async function send(method, path, { json, body, headers = {}, auth = true } = {}) {
  const token = auth ? await accessToken() : null;
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  return fetch(`/api${path}`, init);
}

export async function api(method, path, options = {}) {
  let response = await send(method, path, options);
  if (response.status === 401 && options.auth !== false && (await refreshNow())) {
    response = await send(method, path, options);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text.slice(0, 200) };
  }
  if (!response.ok) {
    throw errorFrom(response.status, data, response.statusText);
  }
  return data;
}

export const get = (path, options) => api("GET", path, options);
export const post = (path, json, options = {}) => api("POST", path, { ...options, json });
export const patch = (path, json, options = {}) => api("PATCH", path, { ...options, json });

/** A query string from an object, repeating array values (tag=a&tag=b) and skipping empties. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of [value].flat()) {
      if (item !== undefined && item !== null && item !== "") search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
