"""The bundles frontend/build.mjs wrote: which script and styles each page loads.

The manifest is read again when the build rewrites it, so a rebuilt tree is
served without restarting the web.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = Path(__file__).resolve().parent.parent / "static" / "ui"
MANIFEST = "manifest.json"


class BundlesMissing(LookupError):
    """The front end is not built (``make ui``), or lacks a page."""


@dataclass(frozen=True)
class PageAssets:
    script: str
    styles: tuple[str, ...]
    preload: tuple[str, ...]


class Manifest:
    def __init__(self, directory: Path = BUNDLE_DIR) -> None:
        self.directory = directory
        self._loaded_mtime: float | None = None
        self._pages: dict[str, PageAssets] = {}

    def _reload(self) -> None:
        path = self.directory / MANIFEST
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            raise BundlesMissing(f"{path} is missing: build the UI with `make ui`") from None
        if mtime == self._loaded_mtime:
            return
        raw = json.loads(path.read_text())
        self._pages = {
            name: PageAssets(entry["script"], tuple(entry["styles"]), tuple(entry.get("preload", ())))
            for name, entry in raw.items()
        }
        self._loaded_mtime = mtime

    def page(self, name: str) -> PageAssets:
        self._reload()
        try:
            return self._pages[name]
        except KeyError:
            raise BundlesMissing(f"the UI bundle has no page {name!r}: rebuild it with `make ui`") from None
