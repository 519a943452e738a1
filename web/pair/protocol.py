"""The y-protocols binary messages a pair room carries, read and written without IO.

A message is what y-websocket puts in one WebSocket frame: a varuint message
type (0 sync, 1 awareness), then for sync a varuint sub-type (0 step1, 1 step2,
2 update) and a varuint-length-prefixed payload (a state vector for step1, a
Yjs v1 update otherwise); for awareness one length-prefixed awareness update
(varuint count, then per client: varuint clientID, varuint clock, varstring
JSON state). See docs/pair-protocol.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from pycrdt import Decoder, Encoder, YMessageType, YSyncMessageType, create_awareness_message


class ProtocolError(ValueError):
    """The bytes are not the y-protocols message the event carries."""


@dataclass(frozen=True)
class SyncMessage:
    kind: YSyncMessageType
    payload: bytes  # a state vector (step1) or an update (step2, update)


def _decoder(message: bytes, expected: YMessageType) -> Decoder:
    if not isinstance(message, bytes) or not message:
        raise ProtocolError("a y-protocols message must be non-empty binary data")
    decoder = Decoder(message)
    kind = _read_uint(decoder)
    if kind != expected:
        raise ProtocolError(f"message type {kind}, expected {int(expected)} ({expected.name.lower()})")
    return decoder


def _read_uint(decoder: Decoder) -> int:
    try:
        return decoder.read_var_uint()
    except (RuntimeError, IndexError) as exc:  # pycrdt's "Y protocol error", or the bytes ran out
        raise ProtocolError("truncated varuint") from exc


def _read_bytes(decoder: Decoder) -> bytes:
    length = _read_uint(decoder)
    if length > decoder.length:
        raise ProtocolError("a length prefix runs past the message")
    data = decoder.stream[decoder.i0 : decoder.i0 + length]
    decoder.i0 += length
    decoder.length -= length
    return bytes(data)


def parse_sync(message: bytes) -> SyncMessage:
    decoder = _decoder(message, YMessageType.SYNC)
    sub_type = _read_uint(decoder)
    try:
        kind = YSyncMessageType(sub_type)
    except ValueError as exc:
        raise ProtocolError(f"unknown sync sub-type {sub_type}") from exc
    return SyncMessage(kind, _read_bytes(decoder))


def awareness_clocks(message: bytes) -> dict[int, int]:
    """The clientIDs an awareness message speaks for, with their clocks."""
    update = Decoder(_read_bytes(_decoder(message, YMessageType.AWARENESS)))
    clocks: dict[int, int] = {}
    for _ in range(_read_uint(update)):
        client_id = _read_uint(update)
        clocks[client_id] = _read_uint(update)
        _read_bytes(update)  # the JSON state: relayed, never interpreted
    return clocks


def awareness_removal(clocks: dict[int, int]) -> bytes:
    """An awareness message marking these clients gone (state null, clock + 1),
    as y-protocols' removeAwarenessStates sends."""
    encoder = Encoder()
    encoder.write_var_uint(len(clocks))
    for client_id, clock in clocks.items():
        encoder.write_var_uint(client_id)
        encoder.write_var_uint(clock + 1)
        encoder.write_var_string("null")
    return create_awareness_message(encoder.to_bytes())
