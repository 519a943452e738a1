"""The one error a problem package raises: what is wrong, in which file, on which line."""

from __future__ import annotations


class PackageError(ValueError):
    """A package the reader (or writer) cannot accept.

    ``path`` is relative to the package root (``problem.yaml``,
    ``data/secret/03.in``); ``line`` is 1-based, or None when the problem is
    the whole file or folder.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}" if where else message)
