// One Socket.IO connection per page, authenticated with the access token (the
// server joins it to the user's room). Reconnects pick up a renewed token.
import { io } from "socket.io-client";
import { accessToken, onLoginChange } from "./auth.js";

let socket = null;

export function liveSocket() {
  if (socket) return socket;
  socket = io({
    transports: ["websocket"],
    auth: (send) => {
      accessToken().then((token) => send({ token }));
    },
  });
  onLoginChange(() => {
    socket.disconnect().connect();
  });
  return socket;
}

/** Calls handler(event) for each `name` event whose fields match `where`; returns the unsubscribe. */
export function subscribe(name, where, handler) {
  const sock = liveSocket();
  const listener = (event) => {
    if (Object.entries(where).every(([key, value]) => event[key] === value)) handler(event);
  };
  sock.on(name, listener);
  return () => sock.off(name, listener);
}
