// A Yjs provider over our Socket.IO connection: the y-websocket handshake and
// messages (y-protocols sync + awareness, byte for byte), carried as pair.*
// events in the room pair:<id> (docs/pair-protocol.md). The merge is Yjs'; the
// server's pycrdt document is the authority every client syncs with.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

export class PairProvider {
  /**
   * socket: a connected-or-connecting Socket.IO client; doc: a Y.Doc. Callbacks:
   * onJoin(ack), onPresence(users), onSynced(), onError(message).
   */
  constructor(socket, roomId, doc, callbacks = {}) {
    this.socket = socket;
    this.roomId = roomId;
    this.doc = doc;
    this.callbacks = callbacks;
    this.synced = false;
    this.awareness = new awarenessProtocol.Awareness(doc);

    this._onDocUpdate = (update, origin) => {
      if (origin === this) return; // it came from the server
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this._send("pair.sync", encoder);
    };
    this._onAwarenessUpdate = ({ added, updated, removed }, origin) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
      this._send("pair.awareness", encoder);
    };
    this._onSync = ({ room_id: room, message }) => {
      if (room !== this.roomId) return;
      const decoder = decoding.createDecoder(new Uint8Array(message));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this._send("pair.sync", encoder); // our step2 to its step1
      if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
        this.synced = true;
        this.callbacks.onSynced?.();
      }
    };
    this._onAwareness = ({ room_id: room, message }) => {
      if (room !== this.roomId) return;
      const decoder = decoding.createDecoder(new Uint8Array(message));
      if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    };
    this._onPresence = ({ room_id: room, users }) => room === this.roomId && this.callbacks.onPresence?.(users);
    this._onError = ({ room_id: room, error }) => room === this.roomId && this.callbacks.onError?.(error);
    this._onRemoved = ({ room_id: room }) => room === this.roomId && this.callbacks.onError?.("You are no longer invited to this room.");
    this._onConnect = () => this._join();
    this._onDisconnect = () => {
      this.synced = false;
      // Others' cursors are stale until we are back.
      awarenessProtocol.removeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID), this);
    };
    this._onUnload = () => awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "unload");

    doc.on("update", this._onDocUpdate);
    this.awareness.on("update", this._onAwarenessUpdate);
    socket.on("pair.sync", this._onSync);
    socket.on("pair.awareness", this._onAwareness);
    socket.on("pair.presence", this._onPresence);
    socket.on("pair.error", this._onError);
    socket.on("pair.removed", this._onRemoved);
    socket.on("connect", this._onConnect);
    socket.on("disconnect", this._onDisconnect);
    window.addEventListener("pagehide", this._onUnload);
    if (socket.connected) this._join();
  }

  _send(event, encoder) {
    if (this.socket.connected) this.socket.emit(event, { room_id: this.roomId, message: encoding.toUint8Array(encoder) });
  }

  _join() {
    this.socket.emit("pair.join", { room_id: this.roomId }, (ack) => {
      if (!ack?.ok) {
        this.callbacks.onError?.(ack?.error || "could not join the room");
        return;
      }
      this.callbacks.onJoin?.(ack);
      this.callbacks.onPresence?.(ack.users);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this._send("pair.sync", encoder);
      if (this.awareness.getLocalState() !== null) {
        const awareness = encoding.createEncoder();
        encoding.writeVarUint(awareness, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
        this._send("pair.awareness", awareness);
      }
    });
  }

  destroy() {
    this._onUnload();
    this.socket.emit("pair.leave", { room_id: this.roomId });
    this.doc.off("update", this._onDocUpdate);
    this.awareness.off("update", this._onAwarenessUpdate);
    for (const [event, handler] of [["pair.sync", this._onSync], ["pair.awareness", this._onAwareness], ["pair.presence", this._onPresence], ["pair.error", this._onError], ["pair.removed", this._onRemoved], ["connect", this._onConnect], ["disconnect", this._onDisconnect]]) {
      this.socket.off(event, handler);
    }
    window.removeEventListener("pagehide", this._onUnload);
    this.awareness.destroy();
  }
}
