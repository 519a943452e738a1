"""A Python client of the pair protocol (web/pair/realtime.py): a pycrdt Doc
kept in sync over a real python-socketio connection, as the browser's Yjs
provider keeps its Y.Doc. The end-to-end tests and bench/pair_latency.py drive
it; the web app itself never imports it."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

import socketio
from pycrdt import (
    Doc,
    Text,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    merge_updates,
)

from web.pair.protocol import parse_sync
from web.pair.store import EMPTY_UPDATE, TEXT_NAME

EDIT_ALPHABET = "abcdefgh {}()\n"


class PairClient:
    def __init__(self, base_url: str, token: str, room_id: int, client_id: int | None = None) -> None:
        self.base_url = base_url
        self.token = token
        self.room_id = room_id
        self.doc: Doc = Doc(client_id=client_id, allow_multithreading=True)
        self.doc[TEXT_NAME] = self._text = Text()
        # The socket's thread applies remote updates while the caller edits.
        self._changed = threading.Condition()
        self.sio: socketio.Client | None = None
        self._received = EMPTY_UPDATE  # every remote update, merged
        self.errors: list[dict[str, Any]] = []
        self.presence: list[dict[str, Any]] = []
        # Called on the socket's thread after each remote update is applied.
        self.on_remote_update: Callable[[PairClient], None] | None = None

    # --- connection -----------------------------------------------------
    def connect(self, timeout: float = 10) -> dict[str, Any]:
        """Connect, join the room and start y-websocket's handshake; returns the join ack."""
        sio = socketio.Client(reconnection=False)
        sio.on("pair.sync", self._on_sync)
        sio.on("pair.error", self.errors.append)
        sio.on("pair.presence", self._on_presence)
        sio.connect(self.base_url, auth={"token": self.token}, transports=["websocket"], wait_timeout=timeout)
        self.sio = sio
        ack = sio.call("pair.join", {"room_id": self.room_id}, timeout=timeout)
        if ack.get("ok"):
            with self._changed:
                step1 = create_sync_message(self.doc)
            self._emit(step1)
        return ack

    def disconnect(self) -> None:
        sio, self.sio = self.sio, None
        if sio is not None:
            sio.disconnect()

    @property
    def connected(self) -> bool:
        return self.sio is not None and self.sio.connected

    def _emit(self, message: bytes) -> None:
        if self.sio is not None:
            self.sio.emit("pair.sync", {"room_id": self.room_id, "message": message})

    def _on_presence(self, data: dict[str, Any]) -> None:
        self.presence = data["users"]

    def _on_sync(self, data: dict[str, Any]) -> None:
        message = data["message"]
        sync = parse_sync(message)
        with self._changed:
            if sync.kind is YSyncMessageType.SYNC_STEP1:
                reply = handle_sync_message(message[1:], self.doc)
            else:
                # python-socketio runs each handler on a thread of its own, so
                # updates may apply out of order, and Yrs 0.28 drops a delete
                # of items it does not have yet: applying everything received
                # so far (idempotent) restores such deletes once the items came.
                reply = None
                self._received = merge_updates(self._received, sync.payload)
                self.doc.apply_update(self._received)
            self._changed.notify_all()
        if reply is not None:  # the server's step1: send it what it lacks (our offline edits)
            self._emit(reply)
        elif sync.kind is not YSyncMessageType.SYNC_STEP1 and self.on_remote_update is not None:
            self.on_remote_update(self)

    # --- editing --------------------------------------------------------
    @property
    def text(self) -> str:
        with self._changed:
            return str(self._text)

    def _edit(self, change: Callable[[Text], None]) -> None:
        with self._changed:
            before = self.doc.get_state()
            change(self._text)
            update = self.doc.get_update(before)
        # Offline edits are not lost: the next handshake's step2 carries them.
        if update != EMPTY_UPDATE and self.connected:
            self._emit(create_update_message(update))

    def insert(self, index: int, chars: str) -> None:
        self._edit(lambda text: text.insert(min(index, len(text)), chars))

    def delete(self, index: int, length: int) -> None:
        def change(text: Text) -> None:
            start = min(index, len(text))
            stop = min(len(text), start + length)
            if stop > start:
                del text[start:stop]

        self._edit(change)

    def random_edit(self, rng: random.Random) -> None:
        """An insert (60%) or a delete of up to 3 characters at a random place
        (ASCII only: pycrdt's Text indexes by UTF-8 byte)."""
        length = len(self.text)
        if length == 0 or rng.random() < 0.6:
            self.insert(rng.randint(0, length), "".join(rng.choices(EDIT_ALPHABET, k=rng.randint(1, 3))))
        else:
            self.delete(rng.randint(0, length - 1), rng.randint(1, 3))

    def wait_for(self, predicate: Callable[[str], bool], timeout: float) -> bool:
        """Wait until the text satisfies ``predicate`` (checked on each remote update)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(str(self._text)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True
