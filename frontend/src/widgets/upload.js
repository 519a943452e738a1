// Uploading a problem package: XMLHttpRequest, since fetch() reports no upload
// progress, so the bar can say "Uploading 45%". A small package is imported in
// the request (201 and the problem); a big one by a job (202 and its Location),
// whose status we poll about once a second: an import sends no Socket.IO event
// and it is no verdict, so the "never poll" rule of verdicts does not apply.
import { ApiError, errorFrom, get } from "../lib/api.js";
import { accessToken } from "../lib/auth.js";

const POLL_MS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function send(file, replace, token, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/problems/import${replace ? "?replace=true" : ""}`);
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ stage: "uploading", done: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText || "null");
      } catch {
        data = { message: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 400) reject(errorFrom(xhr.status, data, xhr.statusText));
      else resolve({ status: xhr.status, data, location: xhr.getResponseHeader("Location") });
    };
    xhr.onerror = () => reject(new ApiError(0, "The upload failed: the server could not be reached."));
    const form = new FormData();
    form.append("package", file, file.name);
    xhr.send(form);
  });
}

async function followImport(location, onProgress) {
  const path = new URL(location, window.location.origin).pathname.replace(/^\/api/, "");
  for (;;) {
    const record = await get(path);
    if (record.status === "done") return get(`/problems/${record.problem_id}`);
    if (record.status === "failed") {
      const error = record.error || {};
      throw errorFrom(error.code || 500, error, "The import failed.");
    }
    onProgress({ stage: record.stage || record.status, done: record.done || 0, total: record.total || 0 });
    await sleep(POLL_MS);
  }
}

/**
 * Uploads `file` (a .zip) and imports it; onProgress({stage, done, total}) as it
 * goes. Resolves to the imported problem; rejects with ApiError.
 */
export async function uploadPackage(file, { replace = false, onProgress = () => {} } = {}) {
  const token = await accessToken();
  const reply = await send(file, replace, token, onProgress);
  if (reply.status !== 202) return reply.data;
  onProgress({ stage: "queued", done: 0, total: 0 });
  return followImport(reply.location || `/api/problems/imports/${reply.data.id}`, onProgress);
}
