// A pair room: the invited users edit one document live (Yjs in the browser,
// pycrdt on the server), see who is here, each other's cursors and who is typing;
// the owner invites; anyone in the room can submit the shared code as themselves.
import { EditorView } from "@codemirror/view";
import { yCollab } from "y-codemirror.next";
import * as Y from "yjs";
import { api, get, post } from "../lib/api.js";
import { languageNames } from "../lib/languages.js";
import { $, announce, h, replace } from "../lib/dom.js";
import { onSubmit } from "../lib/forms.js";
import { startPage } from "../lib/page.js";
import { liveSocket } from "../lib/socket.js";
import { createEditor } from "../widgets/editor.js";
import { showMarkdown } from "../widgets/markdown.js";
import { PairProvider } from "../widgets/pair_provider.js";
import { followSubmission } from "../widgets/verdict_panel.js";

const TYPING_IDLE_MS = 1500;
const lighter = (hex) => `${hex}33`; // the selection tint of a user's colour

// A cursor's name label is white on the user's colour: darken the colour until that
// reads (WCAG's 4.5:1), whatever colour the server gave.
function readableOnWhiteText(hex) {
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const channel = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const contrast = () => 1.05 / (0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b) + 0.05);
  while (contrast() < 4.6) [r, g, b] = [r, g, b].map((v) => Math.floor(v * 0.9));
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function presenceList(list, users) {
  replace(
    list,
    users.map((user) => h("li", { dataset: { userId: user.id } }, h("span", { class: "dot", style: `background:${user.color}`, "aria-hidden": "true" }), user.username)),
  );
}

function typingLine(line, awareness, me) {
  const typing = [...awareness.getStates().entries()].filter(([id, state]) => id !== me && state.typing && state.user).map(([, state]) => state.user.name);
  line.dataset.typing = typing.join(",");
  replace(line, typing.length ? `${[...new Set(typing)].join(", ")} ${typing.length === 1 ? "is" : "are"} typing…` : "");
}

function invitedList(list, room, isOwner, reload) {
  replace(
    list,
    room.invited.map((user) =>
      h(
        "li",
        {},
        h("a", { href: `/users/${user.id}` }, user.username),
        user.id === room.owner.id ? h("span", { class: "muted" }, " (owner)") : null,
        isOwner && user.id !== room.owner.id
          ? h("button", { type: "button", class: "small link remove", "aria-label": `Remove ${user.username}`, onclick: async () => { await api("DELETE", `/pair/rooms/${room.id}/invites/${user.id}`); reload(); } }, " Remove")
          : null,
      ),
    ),
  );
}

startPage(
  async ({ main, params, user }) => {
    const roomId = Number(params.roomId);
    let room = await get(`/pair/rooms/${roomId}`);
    const problem = await get(`/problems/${room.problem_id}`);
    document.title = `Pair room · ${problem.title} · Coding-Panda`;
    replace($("#pair-title", main), "Pair room: ", h("a", { href: `/problems/${problem.id}` }, problem.title));
    replace($("#pair-language", main), (await languageNames())(room.language));
    showMarkdown($("#pair-statement", main), problem.statement);
    const isOwner = room.owner.id === user.id;
    const reloadInvited = async () => {
      room = await get(`/pair/rooms/${roomId}`);
      invitedList($("#invited", main), room, isOwner, reloadInvited);
    };
    invitedList($("#invited", main), room, isOwner, reloadInvited);
    const inviteForm = $("#invite-form", main);
    inviteForm.hidden = !isOwner;
    onSubmit(inviteForm, async ({ username }) => {
      await post(`/pair/rooms/${roomId}/invites`, { username });
      inviteForm.reset();
      announce(`${username} is invited: send them this page's address.`);
      await reloadInvited();
    });

    const doc = new Y.Doc();
    const text = doc.getText("source");
    const undoManager = new Y.UndoManager(text);
    const status = $("#pair-status", main);
    const provider = new PairProvider(liveSocket(), roomId, doc, {
      onJoin: (ack) => {
        const color = readableOnWhiteText(ack.user.color);
        provider.awareness.setLocalStateField("user", { name: user.username, color, colorLight: lighter(color), id: user.id });
      },
      onPresence: (users) => presenceList($("#presence", main), users),
      onSynced: () => {
        main.dataset.synced = "true";
        replace(status, "Connected");
      },
      onError: (message) => {
        replace(status, message);
        announce(message, "error");
      },
    });
    liveSocket().on("disconnect", () => {
      main.dataset.synced = "false";
      replace(status, "Reconnecting…");
    });
    const typing = $("#typing", main);
    provider.awareness.on("change", () => typingLine(typing, provider.awareness, doc.clientID));
    let idle = null;
    const markTyping = EditorView.updateListener.of((update) => {
      if (!update.transactions.some((tr) => tr.isUserEvent("input") || tr.isUserEvent("delete"))) return;
      provider.awareness.setLocalStateField("typing", true);
      clearTimeout(idle);
      idle = setTimeout(() => provider.awareness.setLocalStateField("typing", false), TYPING_IDLE_MS);
    });
    const editor = createEditor($("#pair-editor", main), {
      language: room.language,
      label: "Shared code",
      ownHistory: false, // Yjs' undo manager: each user undoes their own edits only
      extensions: [yCollab(text, provider.awareness, { undoManager }), markTyping],
    });

    $("#pair-submit", main).addEventListener("click", async () => {
      if (!editor.text().trim()) return announce("The shared code is empty.", "error");
      try {
        const created = await post("/submissions", { problem_id: problem.id, language: room.language, source: editor.text() });
        followSubmission($("#verdict-panel", main), created.id);
      } catch (error) {
        announce(error.message, "error");
      }
    });
  },
  { login: true },
);
