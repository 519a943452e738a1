"""Pair rooms: live shared editing of a problem's code (Yjs documents held by pycrdt)."""
